namespace CallMetrics.Simulation;

/// <summary>
/// A kind of call (<c>call_type</c>): its share of inbound calls, how long its talk is relative to
/// <see cref="SimulationOptions.MeanTalk"/>, and how its legs end (weights per <see cref="SimulatedOutcome"/>, in
/// enum order, adding up to 1).
/// </summary>
internal sealed record CallTypeProfile(string Name, double Share, double TalkFactor, double[] OutcomeWeights);
