using System.Collections;

namespace CallMetrics.Simulation;

/// <summary>
/// A discrete-event simulation of a contact center that produces canonical events (EVENTS.md) in
/// non-decreasing event-time order: agents on staggered daily shifts with breaks and lunch, Poisson
/// arrivals following staffing and a time-of-day shape, callers with an identity who sometimes call again
/// (more often when their call was not resolved), call types with their own handle times, outbound calls,
/// IVR, FIFO queues with caller patience, routing to the longest-idle skilled agent, holds, transfers and
/// escalations, wrap with the agent's disposition (sometimes without <c>wrap.ended</c>) and surveys.
/// </summary>
/// <remarks>
/// Deterministic: the same options (seed included) give byte-identical events; no clock is read.
/// Streaming: every enumeration runs a fresh simulation whose memory is bounded by the size of the
/// center, not by <see cref="SimulationOptions.Duration"/>. Not thread-safe per enumeration.
/// </remarks>
public sealed class CallCenterSimulator : IEnumerable<SimulatedEvent>
{
    private readonly SimulationOptions _options;

    /// <summary>Creates a simulator; throws <see cref="ArgumentException"/> for invalid options.</summary>
    public CallCenterSimulator(SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = Copy(options);
        CallsPerHour = options.CallsPerHour ?? DeriveCallsPerHour(options);
    }

    /// <summary>The arrival rate when every agent is on shift (given, or derived from the target occupancy).</summary>
    public double CallsPerHour { get; }

    /// <summary>The arrival rate that keeps on-shift agents at <see cref="SimulationOptions.TargetOccupancy"/>.</summary>
    /// <remarks>
    /// Capacity per agent is 3600 s / mean handle (talk + expected hold + wrap), scaled by the time not on
    /// break (1 h of 8.5 h); IVR-only calls need no agent, a transfer or an escalation adds a second leg, and an
    /// outbound call (no IVR) is one leg. Callers who call again take the place of other arrivals: they add no load.
    /// </remarks>
    public static double DeriveCallsPerHour(SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handleSeconds = options.MeanTalk.TotalSeconds + (options.HoldProbability * (options.MeanHold.TotalSeconds + 1))
            + options.MeanWrap.TotalSeconds;
        const double onDutyShare = 7.5 / 8.5;
        var inboundLegs = (1 - options.IvrOnlyProbability) * (1 + options.TransferProbability + options.EscalationProbability);
        var legsPerCall = ((1 - options.OutboundProbability) * inboundLegs) + options.OutboundProbability;
        return options.TargetOccupancy * options.Agents * onDutyShare * 3600 / handleSeconds / Math.Max(legsPerCall, 0.01);
    }

    /// <summary>Runs a new simulation and yields its events.</summary>
    public IEnumerator<SimulatedEvent> GetEnumerator() => CreateRun().Events().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>A run whose internal sizes tests can watch.</summary>
    internal SimulationRun CreateRun() => new(_options, CallsPerHour);

    private static SimulationOptions Copy(SimulationOptions o) => new()
    {
        Seed = o.Seed,
        Start = o.Start,
        Duration = o.Duration,
        Agents = o.Agents,
        Teams = o.Teams,
        Queues = o.Queues,
        CallsPerHour = o.CallsPerHour,
        TargetOccupancy = o.TargetOccupancy,
        MeanTalk = o.MeanTalk,
        MeanHold = o.MeanHold,
        MeanWrap = o.MeanWrap,
        MeanIvr = o.MeanIvr,
        AbandonPatience = o.AbandonPatience,
        ShortPatienceProbability = o.ShortPatienceProbability,
        IvrOnlyProbability = o.IvrOnlyProbability,
        HoldProbability = o.HoldProbability,
        TransferProbability = o.TransferProbability,
        MissingWrapProbability = o.MissingWrapProbability,
        SurveyProbability = o.SurveyProbability,
        OutboundProbability = o.OutboundProbability,
        EscalationProbability = o.EscalationProbability,
        EscalationQueue = o.EscalationQueue,
        DispositionProbability = o.DispositionProbability,
        RepeatProbabilityResolved = o.RepeatProbabilityResolved,
        RepeatProbabilityUnresolved = o.RepeatProbabilityUnresolved,
        RepeatDelayMin = o.RepeatDelayMin,
        RepeatDelayMax = o.RepeatDelayMax,
        Tenants = [.. o.Tenants],
    };
}
