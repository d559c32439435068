using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Live;
using CallMetrics.Core.Options;
using CallMetrics.Core.Output;
using CallMetrics.Core.Processing;
using CallMetrics.Core.Sessions;
using CallMetrics.Core.Windows;

namespace CallMetrics.Live;

/// <summary>
/// The live view of one engine shard: a second, speculative <see cref="MetricsEngine"/> with lateness 0,
/// fed the same events right after the shard's own engine, on the shard's task (single-threaded, no locks).
/// It keeps the latest final rolling window and the day's interval windows, and builds a
/// <see cref="LivePicture"/> from them and the engine's current state.
/// </summary>
/// <remarks>
/// Lateness 0: the picture follows events at once instead of 60 s (the service's lateness) behind, at the
/// price that an event older than the latest one (per source) is dropped from the live view; the
/// authoritative engine, and so InfluxDB, still counts it. For in-order input the rolling figures are
/// exactly replay's rolling lines at the same instant. The engine applies an event once the watermark
/// reaches it, so events that share the latest timestamp show when the next later event arrives.
/// </remarks>
internal sealed class LiveShard : IWindowSink
{
    private static readonly long DayNs = TimeMath.Nanos(TimeSpan.FromDays(1));

    private readonly MetricsEngine _engine;
    private readonly SymbolTable _symbols;
    private readonly int _recentAbandons;
    private readonly long _stepNs;
    private readonly string _rollingTag;
    private readonly LiveHistory? _history;

    // The latest final rolling window, by key (symbols).
    private readonly Dictionary<(int Tenant, int Agent), AgentTally> _rollingAgents = [];
    private readonly Dictionary<(int Tenant, int Team), AgentTally> _rollingTeams = [];
    private readonly Dictionary<(int Tenant, int Queue), QueueTally> _rollingQueues = [];
    private readonly Dictionary<int, (AgentTally Agents, QueueTally Queues)> _rollingTenants = [];
    private long _rollingEnd = long.MinValue;

    // Final intervals of the current day, summed, and the latest provisional interval.
    private readonly IntervalSums _today = new();
    private readonly IntervalSums _provisional = new();
    private long _day = long.MinValue;
    private long _lastFinalIntervalEnd = long.MinValue;
    private long _provisionalEnd = long.MinValue;
    private long _provisionalDay = long.MinValue;

    public LiveShard(MetricsOptions options, SymbolTable symbols, int recentAbandons, LiveHistory? history = null, TimeProvider? clock = null)
    {
        var live = options with { Lateness = TimeSpan.Zero, Rolling = options.Rolling ?? MetricsDefaults.Rolling };

        // The service's wall clock, so the live engine applies the same wall-clock guards as the main engines: without
        // it the max future skew would be measured from event time and reject a feed resuming after a quiet spell.
        _engine = new MetricsEngine(live, this, clock, names: symbols);
        _symbols = symbols;
        _recentAbandons = recentAbandons;
        _stepNs = TimeMath.Nanos(live.Step);
        _rollingTag = WindowSpec.LengthTag(live.Rolling!.Value);
        _history = history;
    }

    public MetricsEngine Engine => _engine;

    /// <summary>Events dropped from the live view because they were older than the latest one.</summary>
    public long Dropped { get; private set; }

    public void Accept(in CanonicalEvent e, int source)
    {
        if (_engine.Accept(e, source) == Core.Ordering.AcceptResult.Late)
        {
            Dropped++;
        }
    }

    /// <summary>Builds the picture as of the live engine's watermark.</summary>
    public LivePicture Build(long version, DateTimeOffset? lastUpdate)
    {
        var now = _engine.Watermark;
        if (now == long.MinValue)
        {
            return new LivePicture { Version = version, LastUpdate = lastUpdate, RollingWindow = _rollingTag };
        }

        // Today's current interval, as it stands (provisional lines arrive through OnWindows).
        _engine.EmitProvisional();
        var day = TimeMath.Floor(now, DayNs);
        var today = new IntervalSums();
        if (_day == day)
        {
            today.Add(_today);
        }

        if (_provisionalDay == day && _provisionalEnd > _lastFinalIntervalEnd)
        {
            today.Add(_provisional);
        }

        // METRICS: rolling windows are evaluated at step instants; no line at the last one means nothing happened in it.
        var rollingValid = _rollingEnd == TimeMath.Floor(now, _stepNs);

        var agents = _engine.Agents(_symbols);
        var waiting = _engine.WaitingCalls(_symbols);
        var abandons = _engine.RecentAbandons(_symbols);
        var s = _symbols;

        var queues = new SortedDictionary<(string Tenant, string Queue), (int Waiting, long Oldest)>();
        foreach (var call in waiting)
        {
            queues.TryGetValue((call.Tenant, call.Queue), out var q);
            queues[(call.Tenant, call.Queue)] = (q.Waiting + 1, q.Waiting == 0 ? call.Since : Math.Min(q.Oldest, call.Since));
        }

        var todayQueues = today.Queues.ToDictionary(kv => (s[kv.Key.Tenant], s[kv.Key.Queue]), kv => kv.Value);
        var rollingQueues = rollingValid ? _rollingQueues.ToDictionary(kv => (s[kv.Key.Tenant], s[kv.Key.Queue]), kv => kv.Value) : [];
        foreach (var key in todayQueues.Keys.Concat(rollingQueues.Keys))
        {
            queues.TryAdd(key, (0, 0));
        }

        var liveQueues = queues.Select(kv => new LiveQueue(
            kv.Key.Tenant,
            kv.Key.Queue,
            kv.Value.Waiting,
            kv.Value.Waiting == 0 ? null : TimeMath.Seconds(now - kv.Value.Oldest),
            LiveFigures.Of(todayQueues.GetValueOrDefault(kv.Key)),
            rollingQueues.TryGetValue(kv.Key, out var r) ? LiveFigures.Of(r) : null)).ToList();

        var todayAgents = today.Agents.ToDictionary(kv => (s[kv.Key.Tenant], s[kv.Key.Agent]), kv => kv.Value);
        var rollingAgents = rollingValid ? _rollingAgents.ToDictionary(kv => (s[kv.Key.Tenant], s[kv.Key.Agent]), kv => kv.Value) : [];
        var liveAgents = agents
            .OrderBy(a => a.Tenant, StringComparer.Ordinal).ThenBy(a => a.Agent, StringComparer.Ordinal)
            .Select(a => LiveAgents.Of(
                a,
                now,
                todayAgents.GetValueOrDefault((a.Tenant, a.Agent)).Handled,
                rollingAgents.TryGetValue((a.Tenant, a.Agent), out var r) ? LiveFigures.Of(r) : null))
            .ToList();

        var todayTeams = today.Teams.ToDictionary(kv => (s[kv.Key.Tenant], s[kv.Key.Team]), kv => kv.Value);
        var rollingTeams = rollingValid ? _rollingTeams.ToDictionary(kv => (s[kv.Key.Tenant], s[kv.Key.Team]), kv => kv.Value) : [];
        var teamKeys = new SortedSet<(string Tenant, string Team)>(
            agents.Where(a => a.Status != AgentStatus.LoggedOut && a.Team.Length > 0).Select(a => (a.Tenant, a.Team))
                .Concat(todayTeams.Keys).Concat(rollingTeams.Keys));
        var agentsByTeam = agents.ToLookup(a => (a.Tenant, a.Team));
        var liveTeams = teamKeys.Select(k => new LiveTeam(
            k.Tenant,
            k.Team,
            Count(agentsByTeam[k]),
            LiveFigures.Of(todayTeams.GetValueOrDefault(k)),
            rollingTeams.TryGetValue(k, out var r) ? LiveFigures.Of(r) : null)).ToList();

        var todayTenants = today.Tenants.ToDictionary(kv => s[kv.Key], kv => kv.Value);
        var rollingTenants = rollingValid ? _rollingTenants.ToDictionary(kv => s[kv.Key], kv => kv.Value) : [];
        var tenantKeys = new SortedSet<string>(
            agents.Select(a => a.Tenant).Concat(waiting.Select(w => w.Tenant)).Concat(todayTenants.Keys).Concat(rollingTenants.Keys),
            StringComparer.Ordinal);
        var agentsByTenant = agents.ToLookup(a => a.Tenant, StringComparer.Ordinal);
        var queuesByTenant = liveQueues.ToLookup(q => q.Tenant, StringComparer.Ordinal);
        var liveTenants = tenantKeys.Select(t =>
        {
            var tenantQueues = queuesByTenant[t].ToList();
            var longest = tenantQueues.Max(q => q.LongestWaitSeconds);
            var hasToday = todayTenants.TryGetValue(t, out var d);
            var hasRolling = rollingTenants.TryGetValue(t, out var r);
            return new LiveTenant(
                t,
                tenantQueues.Sum(q => q.Waiting),
                longest,
                Count(agentsByTenant[t]),
                LiveFigures.Of(hasToday ? d.Queues : default),
                LiveFigures.Of(hasToday ? d.Agents : default),
                hasRolling ? LiveFigures.Of(r.Queues) : null,
                hasRolling ? LiveFigures.Of(r.Agents) : null);
        }).ToList();

        var (queueKpis, teamKpis) = LiveKpiFigures.Of(_engine.Contacts(_symbols, day), todayQueues, rollingQueues, todayTeams, rollingTeams);

        var liveAbandons = Enumerable.Reverse(abandons).Take(_recentAbandons)
            .Select(a => new LiveAbandon(a.Tenant, a.Call, a.Queue, Rfc3339.Format(a.At), TimeMath.Seconds(a.WaitNs), a.IsShort))
            .ToList();

        return new LivePicture
        {
            Version = version,
            EventTime = now,
            LastUpdate = lastUpdate,
            Day = day,
            RollingAt = rollingValid ? _rollingEnd : long.MinValue,
            RollingWindow = _rollingTag,
            Tenants = liveTenants,
            Queues = liveQueues,
            Teams = liveTeams,
            Agents = liveAgents,
            Abandons = liveAbandons,
            QueueKpis = queueKpis,
            TeamKpis = teamKpis,
        };
    }

    void IWindowSink.OnWindows(IReadOnlyList<WindowResult> windows)
    {
        foreach (var w in windows)
        {
            if (w.Spec.Kind == WindowKind.Rolling)
            {
                // Provisional rolling windows are partial (the window that will close next); the live figures
                // are the last one evaluated, as replay writes it.
                if (w.IsFinal)
                {
                    KeepRolling(w);
                    _history?.Add(w, _symbols);
                }

                continue;
            }

            var day = TimeMath.Floor(w.Timestamp, DayNs);
            if (w.IsFinal)
            {
                if (day > _day)
                {
                    _today.Clear();
                    _day = day;
                }

                if (day == _day)
                {
                    _today.Add(w);
                }

                _lastFinalIntervalEnd = Math.Max(_lastFinalIntervalEnd, w.End);
            }
            else
            {
                _provisional.Clear();
                _provisional.Add(w);
                _provisionalEnd = w.End;
                _provisionalDay = day;
            }
        }
    }

    private void KeepRolling(WindowResult w)
    {
        _rollingEnd = w.End;
        _rollingAgents.Clear();
        _rollingTeams.Clear();
        _rollingQueues.Clear();
        _rollingTenants.Clear();
        foreach (var line in w.Agents)
        {
            // An agent who changed team inside the window has a line per team: the agent's figures are their sum.
            ref var tally = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_rollingAgents, (line.Tenant, line.Agent), out _);
            tally.Add(line.Tally);
        }

        // Each tally is added into one of the shard's own: a line's percentile values are the window's, lent only
        // until its next window.
        foreach (var line in w.Teams)
        {
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_rollingTeams, (line.Tenant, line.Team), out _).Add(line.Tally);
        }

        foreach (var line in w.Queues)
        {
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_rollingQueues, (line.Tenant, line.Queue), out _).Add(line.Tally);
        }

        foreach (var line in w.Tenants)
        {
            ref var tenant = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_rollingTenants, line.Tenant, out _);
            tenant.Agents.Add(line.Agents);
            tenant.Queues.Add(line.Queues);
        }
    }

    private static StateCounts Count(IEnumerable<AgentView> agents)
    {
        int busy = 0, available = 0, notReady = 0;
        foreach (var a in agents)
        {
            switch (a.Status)
            {
                case AgentStatus.Busy: busy++; break;
                case AgentStatus.Available: available++; break;
                case AgentStatus.NotReady: notReady++; break;
                default: break;
            }
        }

        return new StateCounts(busy + available + notReady, busy, available, notReady);
    }

    /// <summary>Interval lines summed per key.</summary>
    private sealed class IntervalSums
    {
        public Dictionary<(int Tenant, int Agent), AgentTally> Agents { get; } = [];

        public Dictionary<(int Tenant, int Team), AgentTally> Teams { get; } = [];

        public Dictionary<(int Tenant, int Queue), QueueTally> Queues { get; } = [];

        public Dictionary<int, (AgentTally Agents, QueueTally Queues)> Tenants { get; } = [];

        public void Clear()
        {
            Agents.Clear();
            Teams.Clear();
            Queues.Clear();
            Tenants.Clear();
        }

        public void Add(WindowResult w)
        {
            foreach (var line in w.Agents)
            {
                Sum(Agents, (line.Tenant, line.Agent), line.Tally);
            }

            foreach (var line in w.Teams)
            {
                Sum(Teams, (line.Tenant, line.Team), line.Tally);
            }

            foreach (var line in w.Queues)
            {
                ref var q = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(Queues, (line.Tenant, line.Queue), out _);
                q.Add(line.Tally);
            }

            foreach (var line in w.Tenants)
            {
                SumTenant(line.Tenant, line.Agents, line.Queues);
            }
        }

        public void Add(IntervalSums other)
        {
            foreach (var (k, v) in other.Agents)
            {
                Sum(Agents, k, v);
            }

            foreach (var (k, v) in other.Teams)
            {
                Sum(Teams, k, v);
            }

            foreach (var (k, v) in other.Queues)
            {
                ref var q = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(Queues, k, out _);
                q.Add(v);
            }

            foreach (var (k, v) in other.Tenants)
            {
                SumTenant(k, v.Agents, v.Queues);
            }
        }

        private void SumTenant(int tenant, in AgentTally agents, in QueueTally queues)
        {
            ref var t = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(Tenants, tenant, out _);
            t.Agents.Add(agents);
            t.Queues.Add(queues);
        }

        private static void Sum<TKey>(Dictionary<TKey, AgentTally> sums, TKey key, in AgentTally tally)
            where TKey : notnull
        {
            ref var a = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(sums, key, out _);
            a.Add(tally);
        }
    }
}
