namespace CallMetrics.Tests.Hostile;

/// <summary>One message: its bytes, the reason code it must be dead-lettered with (null for a good one), and how it was made.</summary>
internal sealed record HostileMessage(byte[] Value, string? ExpectedReason, HostileKind Kind)
{
    /// <summary>Events that decode (good ones, duplicates, skewed ones) keep one partition, so their order is the replay's.</summary>
    public bool Decodes => ExpectedReason is null || Kind is HostileKind.TimeShifted or HostileKind.Duplicate;
}
