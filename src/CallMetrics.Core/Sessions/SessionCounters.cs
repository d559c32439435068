namespace CallMetrics.Core.Sessions;

/// <summary>What the sessionizer noticed, for logs and operator metrics.</summary>
public sealed class SessionCounters
{
    private readonly long[] _anomalies = new long[Enum.GetValues<Anomaly>().Length];

    /// <summary>Events applied.</summary>
    public long EventsApplied { get; internal set; }

    internal long[] Anomalies => _anomalies;

    /// <summary>Logged-out agents with nothing open that left state after the idle timeout.</summary>
    public long AgentsEvicted { get; internal set; }

    /// <summary>Wraps ended by max_wrap because no <c>wrap.ended</c> came.</summary>
    public long WrapTimeouts { get; internal set; }

    /// <summary>Count of one kind of anomaly.</summary>
    public long this[Anomaly anomaly] => _anomalies[(int)anomaly];

    /// <summary>All anomalies.</summary>
    public long AnomalyTotal => _anomalies.Sum();

    internal void Count(Anomaly anomaly) => _anomalies[(int)anomaly]++;
}
