using System.Diagnostics.CodeAnalysis;

namespace CallMetrics.Simulation;

/// <summary>
/// The contact center that <see cref="CallCenterSimulator"/> simulates. Defaults are in
/// <see cref="SimulationDefaults"/>; call <see cref="Validate"/> (or <see cref="TryValidate"/>) before use.
/// </summary>
public sealed class SimulationOptions
{
    /// <summary>Seed of the random generator: the same options give byte-identical events. Default 1.</summary>
    public int Seed { get; set; } = SimulationDefaults.Seed;

    /// <summary>Event time of the first instant simulated. Default 2026-11-22T08:00:00Z.</summary>
    public DateTimeOffset Start { get; set; } = SimulationDefaults.Start;

    /// <summary>Length of simulated time; events after <c>Start + Duration</c> are not produced. Default 8 h.</summary>
    public TimeSpan Duration { get; set; } = SimulationDefaults.Duration;

    /// <summary>Number of agents (<c>agent-0001</c>, ...). Default 50.</summary>
    public int Agents { get; set; } = SimulationDefaults.Agents;

    /// <summary>Number of teams; agents are spread over them round-robin. At least one per tenant. Default 3.</summary>
    public int Teams { get; set; } = SimulationDefaults.Teams;

    /// <summary>Number of queues; every team has the skills of one or more of its tenant's queues. At least one per tenant. Default 3.</summary>
    public int Queues { get; set; } = SimulationDefaults.Queues;

    /// <summary>
    /// Arrival rate (calls per hour) when every agent is on shift; the rate follows the number of agents
    /// on shift and a time-of-day shape. <see langword="null"/> (default) derives it from
    /// <see cref="TargetOccupancy"/>, the agents and the mean handle time.
    /// </summary>
    public double? CallsPerHour { get; set; }

    /// <summary>Occupancy aimed at when <see cref="CallsPerHour"/> is not given, in (0, 1.5]. Default 0.8.</summary>
    public double TargetOccupancy { get; set; } = SimulationDefaults.TargetOccupancy;

    /// <summary>Mean talk time (log-normal), hold not included. Default 4 min.</summary>
    public TimeSpan MeanTalk { get; set; } = SimulationDefaults.MeanTalk;

    /// <summary>Mean duration of a hold (exponential). Default 45 s.</summary>
    public TimeSpan MeanHold { get; set; } = SimulationDefaults.MeanHold;

    /// <summary>Mean after-call work (log-normal). Default 30 s.</summary>
    public TimeSpan MeanWrap { get; set; } = SimulationDefaults.MeanWrap;

    /// <summary>Mean time in the IVR before the call is queued (log-normal). Default 20 s.</summary>
    public TimeSpan MeanIvr { get; set; } = SimulationDefaults.MeanIvr;

    /// <summary>Mean caller patience while queued (exponential); a caller not answered in time abandons. Default 3 min.</summary>
    public TimeSpan AbandonPatience { get; set; } = SimulationDefaults.AbandonPatience;

    /// <summary>Fraction of callers whose patience is under 5 s (short abandons). Default 0.03.</summary>
    public double ShortPatienceProbability { get; set; } = SimulationDefaults.ShortPatienceProbability;

    /// <summary>Fraction of calls that end in the IVR (self-service) without being queued. Default 0.05.</summary>
    public double IvrOnlyProbability { get; set; } = SimulationDefaults.IvrOnlyProbability;

    /// <summary>Fraction of answered calls put on hold once. Default 0.15.</summary>
    public double HoldProbability { get; set; } = SimulationDefaults.HoldProbability;

    /// <summary>Fraction of answered calls transferred to another queue of the tenant (at most once per call). Default 0.05.</summary>
    public double TransferProbability { get; set; } = SimulationDefaults.TransferProbability;

    /// <summary>Fraction of wraps whose <c>wrap.ended</c> is not sent, so the processor's <c>max_wrap</c> applies. Default 0.02.</summary>
    public double MissingWrapProbability { get; set; } = SimulationDefaults.MissingWrapProbability;

    /// <summary>Fraction of completed calls followed, 1-5 minutes later, by a <c>survey.completed</c>. Default 0.1.</summary>
    public double SurveyProbability { get; set; } = SimulationDefaults.SurveyProbability;

    /// <summary>
    /// Fraction of arrivals that are, instead, an outbound call (<c>direction: outbound</c>, call type <c>outbound</c>)
    /// dialled by an idle agent of the team the call would have gone to; with no idle agent the call is inbound.
    /// Outbound calls have no IVR, no queue and take part in no first-contact resolution. Default 0.05.
    /// </summary>
    public double OutboundProbability { get; set; } = SimulationDefaults.OutboundProbability;

    /// <summary>
    /// Fraction of answered inbound legs that the agent transfers to the tenant's escalation queue
    /// (<see cref="EscalationQueue"/>, served by the tenant's first team), coded <c>escalated</c>. A call is
    /// transferred or escalated at most once. Default 0.03.
    /// </summary>
    public double EscalationProbability { get; set; } = SimulationDefaults.EscalationProbability;

    /// <summary>Name of the escalation queue of every tenant (replay's <c>--escalation-queue</c>). Default <c>escalations</c>.</summary>
    public string EscalationQueue { get; set; } = SimulationDefaults.EscalationQueue;

    /// <summary>
    /// Fraction of <c>wrap.ended</c> that carry the agent's wrap-up code (<c>disposition</c>): <c>resolved</c>,
    /// <c>escalated</c>, <c>sale</c>, <c>complaint</c>, or the free codes <c>follow-up</c>, <c>information</c> and
    /// <c>transferred</c>, drawn per call type. Default 0.9.
    /// </summary>
    public double DispositionProbability { get; set; } = SimulationDefaults.DispositionProbability;

    /// <summary>
    /// Chance that the caller of an inbound call that ended resolved (its last leg coded resolved, sale or
    /// information, or self-service in the IVR) calls again, between <see cref="RepeatDelayMin"/> and
    /// <see cref="RepeatDelayMax"/> later. Default 0.08.
    /// </summary>
    public double RepeatProbabilityResolved { get; set; } = SimulationDefaults.RepeatProbabilityResolved;

    /// <summary>
    /// Chance that the caller of any other inbound call (escalated, complaint, follow-up, transferred and not
    /// answered again, abandoned) calls again. With the defaults 10-25 % of inbound calls repeat a contact of
    /// the last 7 days. Default 0.45.
    /// </summary>
    public double RepeatProbabilityUnresolved { get; set; } = SimulationDefaults.RepeatProbabilityUnresolved;

    /// <summary>Shortest delay from the end of a call to its caller's next call (log-uniform up to <see cref="RepeatDelayMax"/>). Default 1 h.</summary>
    public TimeSpan RepeatDelayMin { get; set; } = SimulationDefaults.RepeatDelayMin;

    /// <summary>Longest delay from the end of a call to its caller's next call. Default 5 days.</summary>
    public TimeSpan RepeatDelayMax { get; set; } = SimulationDefaults.RepeatDelayMax;

    /// <summary>Tenant names; teams and queues are spread over them round-robin. Default one tenant, <c>default</c>.</summary>
    public IReadOnlyList<string> Tenants { get; set; } = [SimulationDefaults.Tenant];

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!TryValidate(out var error))
        {
            throw new ArgumentException(error);
        }
    }

    /// <summary>Checks the options; on failure <paramref name="error"/> names the option and the rule.</summary>
    public bool TryValidate([NotNullWhen(false)] out string? error)
    {
        error = Check();
        return error is null;
    }

    private string? Check()
    {
        if (Tenants is null || Tenants.Count == 0)
        {
            return "Tenants must name at least one tenant";
        }

        if (Tenants.Any(string.IsNullOrWhiteSpace) || Tenants.Distinct(StringComparer.Ordinal).Count() != Tenants.Count)
        {
            return "Tenants must be distinct, non-empty names";
        }

        if (Start.Year < 1971 || Start.Year > 9000)
        {
            return "Start must be between 1971 and 9000";
        }

        return Agents < 1 || Agents > 1_000_000 ? "Agents must be between 1 and 1000000"
            : Teams < Tenants.Count || Teams > Agents ? "Teams must be at least the number of tenants and at most the number of agents"
            : Queues < Tenants.Count || Queues > 10_000 ? "Queues must be at least the number of tenants and at most 10000"
            : Duration <= TimeSpan.Zero || Duration > TimeSpan.FromDays(3660) ? "Duration must be positive and at most 10 years"
            : CallsPerHour is { } rate && (double.IsNaN(rate) || rate <= 0 || rate > 100_000_000) ? "CallsPerHour must be positive"
            : !(TargetOccupancy > 0 && TargetOccupancy <= 1.5) ? "TargetOccupancy must be in (0, 1.5]"
            : !IsPositive(MeanTalk) ? "MeanTalk must be positive and at most 1 day"
            : !IsPositive(MeanHold) ? "MeanHold must be positive and at most 1 day"
            : !IsPositive(MeanWrap) ? "MeanWrap must be positive and at most 1 day"
            : !IsPositive(MeanIvr) ? "MeanIvr must be positive and at most 1 day"
            : !IsPositive(AbandonPatience) ? "AbandonPatience must be positive and at most 1 day"
            : !IsFraction(ShortPatienceProbability) ? "ShortPatienceProbability must be in [0, 1]"
            : !IsFraction(IvrOnlyProbability) ? "IvrOnlyProbability must be in [0, 1]"
            : !IsFraction(HoldProbability) ? "HoldProbability must be in [0, 1]"
            : !IsFraction(TransferProbability) ? "TransferProbability must be in [0, 1]"
            : !IsFraction(MissingWrapProbability) ? "MissingWrapProbability must be in [0, 1]"
            : !IsFraction(SurveyProbability) ? "SurveyProbability must be in [0, 1]"
            : !IsFraction(OutboundProbability) ? "OutboundProbability must be in [0, 1]"
            : !IsFraction(EscalationProbability) ? "EscalationProbability must be in [0, 1]"
            : !IsFraction(DispositionProbability) ? "DispositionProbability must be in [0, 1]"
            : !IsFraction(RepeatProbabilityResolved) ? "RepeatProbabilityResolved must be in [0, 1]"
            : !IsFraction(RepeatProbabilityUnresolved) ? "RepeatProbabilityUnresolved must be in [0, 1]"
            : RepeatDelayMin <= TimeSpan.Zero || RepeatDelayMin > RepeatDelayMax ? "RepeatDelayMin must be positive and at most RepeatDelayMax"
            : RepeatDelayMax > TimeSpan.FromDays(365) ? "RepeatDelayMax must be at most 365 days"
            : string.IsNullOrWhiteSpace(EscalationQueue) ? "EscalationQueue must be a name"
            : Enumerable.Range(0, Queues).Any(q => SimulatedCenter.QueueName(q) == EscalationQueue) ? "EscalationQueue must differ from the names of the regular queues"
            : null;
    }

    private static bool IsPositive(TimeSpan value) => value > TimeSpan.Zero && value <= TimeSpan.FromDays(1);

    private static bool IsFraction(double value) => value is >= 0 and <= 1;
}
