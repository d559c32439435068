using CallMetrics.Core.Live;
using CallMetrics.Core.Windows;

namespace CallMetrics.Live;

/// <summary>The resolution figures (<see cref="LiveKpis"/>) of each queue and team, from the tallies and contacts a live shard holds.</summary>
internal static class LiveKpiFigures
{
    // METRICS: handle_p90_s of today's summed tallies and of the rolling window; fcr_metrics of today's intervals (the
    // rate only once none of the day's contacts is pending, as the spec writes it; repeats so far until then).
    public static (Dictionary<(string, string), LiveKpis> Queues, Dictionary<(string, string), LiveKpis> Teams) Of(
        List<ContactView> contacts,
        Dictionary<(string, string), QueueTally> todayQueues,
        Dictionary<(string, string), QueueTally> rollingQueues,
        Dictionary<(string, string), AgentTally> todayTeams,
        Dictionary<(string, string), AgentTally> rollingTeams)
    {
        var fcr = contacts.ToDictionary(c => (c.Scope, c.Tenant, c.Key), c => c);
        KpiFigures Today(long? p90, string scope, (string Tenant, string Key) key) =>
            fcr.TryGetValue((scope, key.Tenant, key.Key), out var c)
                ? new KpiFigures(Seconds(p90), c.FcrRate, c.Repeated)
                : new KpiFigures(Seconds(p90), null, null);
        static double? Seconds(long? ns) => ns is { } v ? TimeMath.Seconds(v) : null;

        var queues = todayQueues.Keys.Concat(rollingQueues.Keys).Concat(contacts.Where(c => c.Scope == "queue").Select(c => (c.Tenant, c.Key))).Distinct()
            .ToDictionary(k => k, k => new LiveKpis(
                Today(todayQueues.TryGetValue(k, out var t) ? t.HandleP90Ns : null, "queue", k),
                new KpiFigures(Seconds(rollingQueues.TryGetValue(k, out var r) ? r.HandleP90Ns : null), null, null)));
        var teams = todayTeams.Keys.Concat(rollingTeams.Keys).Concat(contacts.Where(c => c.Scope == "team").Select(c => (c.Tenant, c.Key))).Distinct()
            .ToDictionary(k => k, k => new LiveKpis(
                Today(todayTeams.TryGetValue(k, out var t) ? t.HandleP90Ns : null, "team", k),
                new KpiFigures(Seconds(rollingTeams.TryGetValue(k, out var r) ? r.HandleP90Ns : null), null, null)));
        return (queues, teams);
    }
}
