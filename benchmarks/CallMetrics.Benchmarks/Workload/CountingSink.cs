using CallMetrics.Core.Output;

namespace CallMetrics.Benchmarks.Workload;

/// <summary>A window sink that only counts lines: the cost of output stays out of the aggregation figures.</summary>
public sealed class CountingSink : IWindowSink
{
    /// <summary>Lines handed over so far.</summary>
    public long Lines { get; private set; }

    /// <summary>Window batches handed over so far.</summary>
    public long Batches { get; private set; }

    /// <inheritdoc />
    public void OnWindows(IReadOnlyList<WindowResult> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        Batches++;
        for (var i = 0; i < windows.Count; i++)
        {
            Lines += windows[i].LineCount;
        }
    }
}
