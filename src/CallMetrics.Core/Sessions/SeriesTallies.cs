using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Sessions;

/// <summary>
/// The windowed tallies the sessionizer accrues into: one series per (tenant, agent, team) and one per
/// (tenant, queue), numbered densely in the order they first appear, with the keys that name them in output.
/// </summary>
internal sealed class SeriesTallies
{
    private readonly Dictionary<(int Tenant, int Agent, int Team), int> _agentIndex = [];
    private readonly Dictionary<long, int> _queueIndex = [];
    private readonly Dictionary<long, int> _callTypeIndex = [];
    private readonly Dictionary<int, int> _tenantIndex = [];

    /// <summary>Creates empty tallies for the given window families.</summary>
    public SeriesTallies(IReadOnlyList<WindowSpec> specs)
    {
        Agents = new SeriesWindows<AgentTally>(specs);
        Queues = new SeriesWindows<QueueTally>(specs);
        CallTypes = new SeriesWindows<CallTypeTally>(specs);
        Tenants = new SeriesWindows<TenantTally>(specs);
    }

    /// <summary>The agent series' windows.</summary>
    public SeriesWindows<AgentTally> Agents { get; }

    /// <summary>The queue series' windows.</summary>
    public SeriesWindows<QueueTally> Queues { get; }

    /// <summary>The call-type series' windows: one per (tenant, call type), call type 0 being <c>unspecified</c>.</summary>
    public SeriesWindows<CallTypeTally> CallTypes { get; }

    /// <summary>The tenant series' windows (the tenant counts of no agent and no queue).</summary>
    public SeriesWindows<TenantTally> Tenants { get; }

    /// <summary>The key of each call-type series, by series number.</summary>
    public List<(int Tenant, int CallType)> CallTypeKeys { get; } = [];

    /// <summary>The tenant of each tenant series, by series number.</summary>
    public List<int> TenantKeys { get; } = [];

    /// <summary>The key of each agent series, by series number.</summary>
    public List<(int Tenant, int Agent, int Team)> AgentKeys { get; } = [];

    /// <summary>The key of each queue series, by series number.</summary>
    public List<(int Tenant, int Queue)> QueueKeys { get; } = [];

    /// <summary>True when some tally has not yet been emitted in every window that contains it.</summary>
    public bool HasPending => Agents.HasPending || Queues.HasPending || CallTypes.HasPending || Tenants.HasPending;

    /// <summary>Moves every kind's current tallies, which cover the granule starting at <paramref name="granuleStart"/>, into the step buckets.</summary>
    public void Fold(long granuleStart)
    {
        Agents.Fold(granuleStart);
        Queues.Fold(granuleStart);
        CallTypes.Fold(granuleStart);
        Tenants.Fold(granuleStart);
    }

    /// <summary>The series of (<paramref name="tenant"/>, <paramref name="callType"/>), added when new.</summary>
    public int CallTypeSeries(int tenant, int callType)
    {
        var key = SessionStore.Key(tenant, callType);
        if (!_callTypeIndex.TryGetValue(key, out var series))
        {
            series = CallTypes.AddSeries();
            _callTypeIndex.Add(key, series);
            CallTypeKeys.Add((tenant, callType));
        }

        return series;
    }

    /// <summary>The series of <paramref name="tenant"/>, added when new.</summary>
    public int TenantSeries(int tenant)
    {
        if (!_tenantIndex.TryGetValue(tenant, out var series))
        {
            series = Tenants.AddSeries();
            _tenantIndex.Add(tenant, series);
            TenantKeys.Add(tenant);
        }

        return series;
    }

    /// <summary>The series of (<paramref name="tenant"/>, <paramref name="agent"/>, <paramref name="team"/>), added when new.</summary>
    public int AgentSeries(int tenant, int agent, int team)
    {
        if (!_agentIndex.TryGetValue((tenant, agent, team), out var series))
        {
            series = Agents.AddSeries();
            _agentIndex.Add((tenant, agent, team), series);
            AgentKeys.Add((tenant, agent, team));
        }

        return series;
    }

    /// <summary>The series of (<paramref name="tenant"/>, <paramref name="queue"/>), added when new.</summary>
    public int QueueSeries(int tenant, int queue)
    {
        var key = SessionStore.Key(tenant, queue);
        if (!_queueIndex.TryGetValue(key, out var series))
        {
            series = Queues.AddSeries();
            _queueIndex.Add(key, series);
            QueueKeys.Add((tenant, queue));
        }

        return series;
    }

    /// <summary>Writes the series keys, then the windows of both kinds.</summary>
    public void WriteTo(Snapshots.SnapshotWriter w)
    {
        w.Count(AgentKeys.Count);
        foreach (var (tenant, agent, team) in AgentKeys)
        {
            w.Symbol(tenant);
            w.Symbol(agent);
            w.Symbol(team);
        }

        w.Count(QueueKeys.Count);
        foreach (var (tenant, queue) in QueueKeys)
        {
            w.Symbol(tenant);
            w.Symbol(queue);
        }

        Agents.WriteTo(w);
        Queues.WriteTo(w);

        // Format 7: the call-type and tenant series.
        w.Count(CallTypeKeys.Count);
        foreach (var (tenant, callType) in CallTypeKeys)
        {
            w.Symbol(tenant);
            w.Symbol(callType);
        }

        w.Count(TenantKeys.Count);
        foreach (var tenant in TenantKeys)
        {
            w.Symbol(tenant);
        }

        CallTypes.WriteTo(w);
        Tenants.WriteTo(w);
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote into empty tallies (series keep their numbers).</summary>
    public void ReadFrom(Snapshots.SnapshotReader r)
    {
        var agentSeries = r.Count();
        for (var i = 0; i < agentSeries; i++)
        {
            var key = (r.Symbol(), r.Symbol(), r.Symbol());
            _agentIndex.Add(key, i);
            AgentKeys.Add(key);
        }

        var queueSeries = r.Count();
        for (var i = 0; i < queueSeries; i++)
        {
            var (tenant, queue) = (r.Symbol(), r.Symbol());
            _queueIndex.Add(SessionStore.Key(tenant, queue), i);
            QueueKeys.Add((tenant, queue));
        }

        Agents.ReadFrom(r);
        Queues.ReadFrom(r);
        if (r.Version < OutcomeTally.FirstVersion)
        {
            return;
        }

        var callTypeSeries = r.Count();
        for (var i = 0; i < callTypeSeries; i++)
        {
            var (tenant, callType) = (r.Symbol(), r.Symbol());
            _callTypeIndex.Add(SessionStore.Key(tenant, callType), i);
            CallTypeKeys.Add((tenant, callType));
        }

        var tenantSeries = r.Count();
        for (var i = 0; i < tenantSeries; i++)
        {
            var tenant = r.Symbol();
            _tenantIndex.Add(tenant, i);
            TenantKeys.Add(tenant);
        }

        CallTypes.ReadFrom(r);
        Tenants.ReadFrom(r);
    }
}
