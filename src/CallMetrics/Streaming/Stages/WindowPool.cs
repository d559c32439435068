using System.Collections.Concurrent;
using CallMetrics.Core.Output;

namespace CallMetrics.Streaming.Stages;

/// <summary>
/// Window copies handed from the engine stages to the format stage and back: their line lists keep their capacity,
/// so copying windows out of an engine allocates nothing in the steady state.
/// </summary>
internal sealed class WindowPool
{
    private readonly ConcurrentQueue<WindowResult> _free = new();

    /// <summary>A copy of <paramref name="window"/>, in a reused object when one is free.</summary>
    public WindowResult Copy(WindowResult window)
    {
        var copy = _free.TryDequeue(out var reused) ? reused : new WindowResult();
        window.CopyTo(copy);
        return copy;
    }

    /// <summary>Takes back the windows of a formatted batch.</summary>
    public void Return(List<WindowResult> windows)
    {
        foreach (var window in windows)
        {
            _free.Enqueue(window);
        }

        windows.Clear();
    }
}
