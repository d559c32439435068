namespace CallMetrics.Kafka;

/// <summary>
/// A partition of the dev broker whose oldest records were dropped: it now starts at <paramref name="LogStartOffset"/>,
/// so records 0 to <paramref name="LogStartOffset"/> - 1 are gone (see <see cref="MockClusterRetentionWatch"/>).
/// </summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="LogStartOffset">The partition's oldest remaining offset.</param>
public readonly record struct DroppedRecords(string Topic, int Partition, long LogStartOffset)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Topic} [{Partition}] now starts at offset {LogStartOffset}";
}
