using CallMetrics.Core.Decoding;
using CallMetrics.Core.Windows;

namespace CallMetrics.Live;

/// <summary>
/// The <c>tenant</c>, <c>queue</c> and <c>team</c> filters of the live API (exact, case-sensitive; empty = all),
/// and the answer built from a picture with them. Tenant filters everything; queue filters queues and
/// abandons; team filters teams and agents.
/// </summary>
internal readonly record struct LiveFilter(string? Tenant, string? Queue, string? Team)
{
    private static readonly NoLiveKpis NoKpis = new();

    /// <summary>The answer: the picture's entries that pass, each queue and team with its figures from <paramref name="kpis"/>.</summary>
    public LiveResponse Apply(LivePicture p, DateTimeOffset now, long? pipelineWatermark, ILiveKpis? kpis = null)
    {
        var source = kpis ?? NoKpis;
        var nowNs = (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        var filter = this;
        var hasData = p.EventTime != long.MinValue;
        return new LiveResponse(
            now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            p.Version,
            hasData ? Rfc3339.Format(p.EventTime) : null,
            hasData ? TimeMath.Seconds(nowNs - p.EventTime) : null,
            p.LastUpdate?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            p.LastUpdate is { } last ? (now - last).TotalSeconds : null,
            pipelineWatermark is { } w && w != long.MinValue ? Rfc3339.Format(w) : null,
            hasData ? Rfc3339.Format(p.Day)[..10] : null,
            p.RollingWindow.Length > 0 ? p.RollingWindow : null,
            p.RollingAt != long.MinValue ? Rfc3339.Format(p.RollingAt) : null,
            [.. p.Tenants.Where(t => filter.Matches(t.Tenant))],
            [.. p.Queues.Where(q => filter.Matches(q.Tenant, queue: q.Queue)).Select(q => q with { Kpis = source.Queue(q.Tenant, q.Queue) ?? LiveKpis.None })],
            [.. p.Teams.Where(t => filter.Matches(t.Tenant, team: t.Team)).Select(t => t with { Kpis = source.Team(t.Tenant, t.Team) ?? LiveKpis.None })],
            [.. p.Agents.Where(a => filter.Matches(a.Tenant, team: a.Team))],
            [.. p.Abandons.Where(a => filter.Matches(a.Tenant, queue: a.Queue))]);
    }

    /// <summary>True when an entry of <paramref name="tenant"/> (and of <paramref name="queue"/> or <paramref name="team"/>, when it has one) passes.</summary>
    public bool Matches(string tenant, string? queue = null, string? team = null) =>
        (string.IsNullOrEmpty(Tenant) || tenant == Tenant)
        && (queue is null || string.IsNullOrEmpty(Queue) || queue == Queue)
        && (team is null || string.IsNullOrEmpty(Team) || team == Team);
}
