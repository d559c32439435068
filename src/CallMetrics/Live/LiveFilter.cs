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
    public LiveResponse Apply(LivePicture p, DateTimeOffset now, long? pipelineWatermark)
    {
        var nowNs = (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        var tenant = Tenant;
        var queue = Queue;
        var team = Team;
        bool TenantOk(string t) => string.IsNullOrEmpty(tenant) || t == tenant;
        bool QueueOk(string q) => string.IsNullOrEmpty(queue) || q == queue;
        bool TeamOk(string t) => string.IsNullOrEmpty(team) || t == team;
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
            [.. p.Tenants.Where(t => TenantOk(t.Tenant))],
            [.. p.Queues.Where(q => TenantOk(q.Tenant) && QueueOk(q.Queue))],
            [.. p.Teams.Where(t => TenantOk(t.Tenant) && TeamOk(t.Team))],
            [.. p.Agents.Where(a => TenantOk(a.Tenant) && TeamOk(a.Team))],
            [.. p.Abandons.Where(a => TenantOk(a.Tenant) && QueueOk(a.Queue))]);
    }
}
