namespace CallMetrics.Core.Output;

/// <summary>Receives windows as they close (or, in a live service, as they are written early).</summary>
public interface IWindowSink
{
    /// <summary>
    /// Called with every window that ends at the same instant. The results are reused after the call
    /// returns, the percentile values their lines hold too: copy what you keep (<see cref="WindowResult.CopyTo"/>).
    /// </summary>
    void OnWindows(IReadOnlyList<WindowResult> windows);
}
