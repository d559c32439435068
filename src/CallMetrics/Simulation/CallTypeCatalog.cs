namespace CallMetrics.Simulation;

/// <summary>
/// The call types the simulator uses: five inbound types with different handle times and outcomes, so AHT and
/// outcomes by call type differ visibly, and one type for outbound calls.
/// </summary>
internal static class CallTypeCatalog
{
    //                                                     resolved escalated sale complaint follow-up information (transferred: never drawn)
    private static readonly CallTypeProfile[] RawInbound =
    [
        new("general", 0.35, 0.80, [0.70, 0.03, 0.03, 0.02, 0.08, 0.14, 0]),
        new("billing", 0.25, 1.00, [0.58, 0.06, 0.02, 0.08, 0.16, 0.10, 0]),
        new("order", 0.20, 1.15, [0.35, 0.03, 0.45, 0.03, 0.08, 0.06, 0]),
        new("technical", 0.15, 1.60, [0.45, 0.15, 0.02, 0.05, 0.28, 0.05, 0]),
        new("complaint", 0.05, 1.35, [0.25, 0.18, 0.02, 0.40, 0.13, 0.02, 0]),
    ];

    /// <summary>Inbound call types, with talk factors scaled so their share-weighted mean is 1 (so <see cref="SimulationOptions.MeanTalk"/> stays the mean).</summary>
    public static readonly CallTypeProfile[] Inbound = Normalize(RawInbound);

    /// <summary>The shares of <see cref="Inbound"/>, for drawing a type.</summary>
    public static readonly double[] InboundShares = [.. Inbound.Select(t => t.Share)];

    /// <summary>Calls an agent makes: shorter, and more of them sales.</summary>
    public static readonly CallTypeProfile Outbound = new("outbound", 0, 0.6, [0.15, 0.0, 0.30, 0.0, 0.25, 0.30, 0]);

    private static CallTypeProfile[] Normalize(CallTypeProfile[] types)
    {
        var mean = types.Sum(t => t.Share * t.TalkFactor);
        return [.. types.Select(t => t with { TalkFactor = t.TalkFactor / mean })];
    }
}
