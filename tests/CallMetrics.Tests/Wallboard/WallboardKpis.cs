using CallMetrics.Live;

namespace CallMetrics.Tests.Wallboard;

/// <summary>
/// The wallboard fixture's <see cref="ILiveKpis"/>: figures made up from the name's length, so each tile's are
/// different and known; queue <c>vip</c> and team <c>red</c> have none (their tiles show "–").
/// </summary>
internal sealed class WallboardKpis : ILiveKpis
{
    /// <summary>The fields of <see cref="KpiFigures"/> as the API names them.</summary>
    public static readonly HashSet<string> Fields = ["handleP90Seconds", "fcrRate", "repeatCalls"];

    public LiveKpis? Queue(string tenant, string queue) => queue == "vip" ? null : Of(queue);

    public LiveKpis? Team(string tenant, string team) => team == "red" ? null : Of(team);

    private static LiveKpis Of(string name) => new(
        new KpiFigures(HandleP90Seconds: (60 * name.Length) + 0.5, FcrRate: 0.5 + (name.Length / 100.0), RepeatCalls: name.Length),
        new KpiFigures(HandleP90Seconds: 30 * name.Length, FcrRate: null, RepeatCalls: null));
}
