namespace CallMetrics.Core.Sessions;

/// <summary>
/// Bounds state under missing events: a call with no event for the idle timeout is evicted (its connection
/// ends, to wrap), and a logged-out agent with nothing open leaves state after the same time. Scanned at
/// granule boundaries, a quarter of the timeout apart (docs/DECISIONS.md "Idle eviction").
/// </summary>
internal sealed class IdleEviction
{
    private readonly SessionStore _store;
    private readonly LegLifecycle _legs;
    private readonly SessionCounters _counters;
    private readonly long _idleTimeoutNs;
    private readonly long _scanEveryNs;

    /// <summary>Creates the eviction of sessions idle for <paramref name="idleTimeoutNs"/>, scanned no more often than every granule.</summary>
    public IdleEviction(SessionStore store, LegLifecycle legs, SessionCounters counters, long idleTimeoutNs, long granuleNs)
    {
        _store = store;
        _legs = legs;
        _counters = counters;
        _idleTimeoutNs = idleTimeoutNs;
        _scanEveryNs = Math.Max(idleTimeoutNs / 4, granuleNs);
    }

    /// <summary>The boundary at or after which the next scan runs (checkpointed).</summary>
    public long NextScan { get; set; } = long.MinValue;

    /// <summary>Scans when <paramref name="boundary"/> has reached <see cref="NextScan"/>.</summary>
    public void AtBoundary(long boundary)
    {
        if (boundary >= NextScan)
        {
            Evict(boundary);
            NextScan = boundary + _scanEveryNs;
        }
    }

    /// <summary>Evicts calls without an event for the idle timeout, and logged-out agents with nothing open.</summary>
    public void Evict(long now)
    {
        var cutoff = now - _idleTimeoutNs;
        List<CallSession>? idleCalls = null;
        foreach (var call in _store.Calls.Values)
        {
            if (call.LastSeen < cutoff)
            {
                (idleCalls ??= []).Add(call);
            }
        }

        foreach (var call in idleCalls ?? [])
        {
            _counters.Count(Anomaly.EvictedIdleCall);
            if (call.Connected is { } leg)
            {
                _legs.EndConnection(leg, now, transfer: false);
            }

            _store.EndCall(call, now);
        }

        List<AgentSession>? idleAgents = null;
        foreach (var agent in _store.Agents.Values)
        {
            if (!agent.IsOpen && agent.LastSeen < cutoff)
            {
                (idleAgents ??= []).Add(agent);
            }
        }

        foreach (var agent in idleAgents ?? [])
        {
            _store.RemoveAgent(agent);
            _counters.AgentsEvicted++;
        }
    }
}
