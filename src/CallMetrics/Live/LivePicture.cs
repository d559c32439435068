namespace CallMetrics.Live;

/// <summary>
/// One immutable live picture (of one shard, or all of them merged): what HTTP readers see. Built on a
/// shard's task and published whole, so readers never lock and never see half an update.
/// </summary>
internal sealed class LivePicture
{
    public static readonly LivePicture Empty = new();

    /// <summary>Grows whenever events changed the picture.</summary>
    public long Version { get; init; }

    /// <summary>The live engine's watermark (Unix ns), <see cref="long.MinValue"/> before any event.</summary>
    public long EventTime { get; init; } = long.MinValue;

    /// <summary>When events last changed the picture (wall time), null before any.</summary>
    public DateTimeOffset? LastUpdate { get; init; }

    /// <summary>Start of the UTC day of the "today" figures (Unix ns).</summary>
    public long Day { get; init; } = long.MinValue;

    /// <summary>The end of the rolling window of the rolling figures (Unix ns), <see cref="long.MinValue"/> when none.</summary>
    public long RollingAt { get; init; } = long.MinValue;

    public string RollingWindow { get; init; } = string.Empty;

    public IReadOnlyList<LiveTenant> Tenants { get; init; } = [];

    public IReadOnlyList<LiveQueue> Queues { get; init; } = [];

    public IReadOnlyList<LiveTeam> Teams { get; init; } = [];

    public IReadOnlyList<LiveAgent> Agents { get; init; } = [];

    /// <summary>Newest first.</summary>
    public IReadOnlyList<LiveAbandon> Abandons { get; init; } = [];

    /// <summary>The resolution figures of each (tenant, queue), computed with the picture on the engine's thread.</summary>
    public IReadOnlyDictionary<(string Tenant, string Queue), LiveKpis> QueueKpis { get; init; } = new Dictionary<(string, string), LiveKpis>();

    /// <summary>The resolution figures of each (tenant, team).</summary>
    public IReadOnlyDictionary<(string Tenant, string Team), LiveKpis> TeamKpis { get; init; } = new Dictionary<(string, string), LiveKpis>();

    /// <summary>Merges the pictures of several shards (their tenants are disjoint).</summary>
    public static LivePicture Merge(IReadOnlyList<LivePicture> shards)
    {
        if (shards.Count == 1)
        {
            return shards[0];
        }

        var withData = shards.Where(s => s.EventTime != long.MinValue).ToList();
        return new LivePicture
        {
            Version = shards.Sum(s => s.Version),
            EventTime = withData.Count == 0 ? long.MinValue : withData.Max(s => s.EventTime),
            LastUpdate = shards.Max(s => s.LastUpdate),
            Day = withData.Count == 0 ? long.MinValue : withData.Max(s => s.Day),
            RollingAt = withData.Count == 0 ? long.MinValue : withData.Max(s => s.RollingAt),
            RollingWindow = shards.Select(s => s.RollingWindow).FirstOrDefault(w => w.Length > 0) ?? string.Empty,
            Tenants = [.. shards.SelectMany(s => s.Tenants).OrderBy(t => t.Tenant, StringComparer.Ordinal)],
            Queues = [.. shards.SelectMany(s => s.Queues).OrderBy(q => q.Tenant, StringComparer.Ordinal).ThenBy(q => q.Queue, StringComparer.Ordinal)],
            Teams = [.. shards.SelectMany(s => s.Teams).OrderBy(t => t.Tenant, StringComparer.Ordinal).ThenBy(t => t.Team, StringComparer.Ordinal)],
            Agents = [.. shards.SelectMany(s => s.Agents).OrderBy(a => a.Tenant, StringComparer.Ordinal).ThenBy(a => a.Agent, StringComparer.Ordinal)],
            Abandons = [.. shards.SelectMany(s => s.Abandons).OrderByDescending(a => a.At, StringComparer.Ordinal)],
            QueueKpis = shards.SelectMany(s => s.QueueKpis).ToDictionary(kv => kv.Key, kv => kv.Value),
            TeamKpis = shards.SelectMany(s => s.TeamKpis).ToDictionary(kv => kv.Key, kv => kv.Value),
        };
    }
}
