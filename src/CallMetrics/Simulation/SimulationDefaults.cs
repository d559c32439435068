namespace CallMetrics.Simulation;

/// <summary>The defaults of <see cref="SimulationOptions"/>, in one place.</summary>
public static class SimulationDefaults
{
    /// <summary>Default <see cref="SimulationOptions.Seed"/>: 1.</summary>
    public const int Seed = 1;

    /// <summary>Default <see cref="SimulationOptions.Start"/>: 2026-11-22T08:00:00Z.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Default <see cref="SimulationOptions.Duration"/>: 8 hours.</summary>
    public static readonly TimeSpan Duration = TimeSpan.FromHours(8);

    /// <summary>Default <see cref="SimulationOptions.Agents"/>: 50.</summary>
    public const int Agents = 50;

    /// <summary>Default <see cref="SimulationOptions.Teams"/>: 3.</summary>
    public const int Teams = 3;

    /// <summary>Default <see cref="SimulationOptions.Queues"/>: 3.</summary>
    public const int Queues = 3;

    /// <summary>Default <see cref="SimulationOptions.TargetOccupancy"/>: 0.8, used when no call rate is given.</summary>
    public const double TargetOccupancy = 0.8;

    /// <summary>Default <see cref="SimulationOptions.MeanTalk"/>: 4 minutes (talk only, hold excluded).</summary>
    public static readonly TimeSpan MeanTalk = TimeSpan.FromMinutes(4);

    /// <summary>Default <see cref="SimulationOptions.MeanHold"/>: 45 seconds per hold.</summary>
    public static readonly TimeSpan MeanHold = TimeSpan.FromSeconds(45);

    /// <summary>Default <see cref="SimulationOptions.MeanWrap"/>: 30 seconds.</summary>
    public static readonly TimeSpan MeanWrap = TimeSpan.FromSeconds(30);

    /// <summary>Default <see cref="SimulationOptions.MeanIvr"/>: 20 seconds.</summary>
    public static readonly TimeSpan MeanIvr = TimeSpan.FromSeconds(20);

    /// <summary>Default <see cref="SimulationOptions.AbandonPatience"/>: mean caller patience of 3 minutes.</summary>
    public static readonly TimeSpan AbandonPatience = TimeSpan.FromMinutes(3);

    /// <summary>Default <see cref="SimulationOptions.ShortPatienceProbability"/>: 0.03.</summary>
    public const double ShortPatienceProbability = 0.03;

    /// <summary>Default <see cref="SimulationOptions.IvrOnlyProbability"/>: 0.05.</summary>
    public const double IvrOnlyProbability = 0.05;

    /// <summary>Default <see cref="SimulationOptions.HoldProbability"/>: 0.15.</summary>
    public const double HoldProbability = 0.15;

    /// <summary>Default <see cref="SimulationOptions.TransferProbability"/>: 0.05.</summary>
    public const double TransferProbability = 0.05;

    /// <summary>Default <see cref="SimulationOptions.MissingWrapProbability"/>: 0.02.</summary>
    public const double MissingWrapProbability = 0.02;

    /// <summary>Default <see cref="SimulationOptions.SurveyProbability"/>: 0.1.</summary>
    public const double SurveyProbability = 0.1;

    /// <summary>Default <see cref="SimulationOptions.OutboundProbability"/>: 0.05.</summary>
    public const double OutboundProbability = 0.05;

    /// <summary>Default <see cref="SimulationOptions.EscalationProbability"/>: 0.03.</summary>
    public const double EscalationProbability = 0.03;

    /// <summary>Default <see cref="SimulationOptions.EscalationQueue"/>: <c>escalations</c>.</summary>
    public const string EscalationQueue = "escalations";

    /// <summary>Default <see cref="SimulationOptions.DispositionProbability"/>: 0.9.</summary>
    public const double DispositionProbability = 0.9;

    /// <summary>Default <see cref="SimulationOptions.RepeatProbabilityResolved"/>: 0.08.</summary>
    public const double RepeatProbabilityResolved = 0.08;

    /// <summary>Default <see cref="SimulationOptions.RepeatProbabilityUnresolved"/>: 0.45.</summary>
    public const double RepeatProbabilityUnresolved = 0.45;

    /// <summary>Default <see cref="SimulationOptions.RepeatDelayMin"/>: 1 hour.</summary>
    public static readonly TimeSpan RepeatDelayMin = TimeSpan.FromHours(1);

    /// <summary>Default <see cref="SimulationOptions.RepeatDelayMax"/>: 5 days, inside METRICS.md's default FCR window of 7 days.</summary>
    public static readonly TimeSpan RepeatDelayMax = TimeSpan.FromDays(5);

    /// <summary>The tenant of a single-tenant simulation, as EVENTS.md names it.</summary>
    public const string Tenant = "default";
}
