namespace CallMetrics.Core.Windows;

/// <summary>
/// The tenant counts that belong to no agent and no queue: <c>repeat_calls</c> (METRICS.md "Repeat contacts"),
/// calls whose first accepted event falls in the span and that repeat at least one contact.
/// </summary>
public struct TenantTally : ITally<TenantTally>
{
    /// <summary>Calls that repeat at least one contact, each counted once.</summary>
    public int RepeatCalls;

    /// <inheritdoc/>
    public readonly bool HasActivity => RepeatCalls != 0;

    /// <inheritdoc/>
    public void Add(in TenantTally other) => RepeatCalls += other.RepeatCalls;

    /// <inheritdoc/>
    public void Clear() => this = default;

    /// <inheritdoc/>
    public readonly void Write(Snapshots.SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Int(RepeatCalls);
    }

    /// <inheritdoc/>
    public void Read(Snapshots.SnapshotReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        RepeatCalls = reader.Int();
    }
}
