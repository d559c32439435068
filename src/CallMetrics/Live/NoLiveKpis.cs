namespace CallMetrics.Live;

/// <summary>The <see cref="ILiveKpis"/> registered until a source of those figures is: every figure is unknown (the wallboard shows "–").</summary>
internal sealed class NoLiveKpis : ILiveKpis
{
    /// <inheritdoc />
    public LiveKpis? Queue(string tenant, string queue) => null;

    /// <inheritdoc />
    public LiveKpis? Team(string tenant, string team) => null;
}
