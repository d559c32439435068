namespace CallMetrics.Tests.Hostile;

/// <summary>How a message of a <see cref="HostileStream"/> was made.</summary>
internal enum HostileKind
{
    Good,
    Duplicate,
    Truncated,
    BitFlipped,
    FieldDeleted,
    TypeSwapped,
    HugeValue,
    DeeplyNested,
    InjectedName,
    RandomBytes,
    InvalidUtf8,
    DuplicateKey,
    Tombstone,
    Handcrafted,
    TimeShifted,
}
