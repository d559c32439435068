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

    /// <summary>The tenant of a single-tenant simulation, as EVENTS.md names it.</summary>
    public const string Tenant = "default";
}
