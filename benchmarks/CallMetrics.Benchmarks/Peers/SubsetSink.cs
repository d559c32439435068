using CallMetrics.Core.Events;
using CallMetrics.Core.Output;

namespace CallMetrics.Benchmarks.Peers;

/// <summary>Keeps the peers' subset of the final interval lines CallMetrics' engine hands over, by name.</summary>
internal sealed class SubsetSink(SymbolTable symbols) : IWindowSink
{
    /// <summary>What was kept so far.</summary>
    public MetricsSubset Subset { get; } = new();

    /// <inheritdoc />
    public void OnWindows(IReadOnlyList<WindowResult> windows)
    {
        for (var w = 0; w < windows.Count; w++)
        {
            var window = windows[w];
            if (!window.IsFinal)
            {
                continue;
            }

            var start = window.Timestamp / 1_000_000;
            foreach (var line in window.Agents)
            {
                // Event times are whole milliseconds, so handle times are too.
                Subset.AddAgent(symbols[line.Agent], start, line.Tally.Handled, line.Tally.HandleNs / 1_000_000);
            }

            foreach (var line in window.Queues)
            {
                Subset.AddQueue(symbols[line.Queue], start, line.Tally.Offered, line.Tally.Answered, line.Tally.Abandoned);
            }
        }
    }
}
