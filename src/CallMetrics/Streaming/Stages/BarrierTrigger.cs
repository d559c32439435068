namespace CallMetrics.Streaming.Stages;

/// <summary>
/// How the checkpoint coordinator asks the running <see cref="BarrierStage"/> for a barrier: thread-safe, and
/// harmless before the stage has started or after it has stopped (the request is then dropped).
/// </summary>
internal sealed class BarrierTrigger
{
    private volatile Action? _request;

    /// <summary>Asks for a barrier after the element in hand.</summary>
    public void Request() => _request?.Invoke();

    /// <summary>Called by the stage when it starts (with its async callback) and stops (with null).</summary>
    internal void Attach(Action? request) => _request = request;
}
