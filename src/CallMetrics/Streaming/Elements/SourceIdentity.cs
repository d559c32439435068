namespace CallMetrics.Streaming.Elements;

/// <summary>
/// What a source is, stable across restarts and instances (unlike its dense number, which follows the order of first
/// sight): the index of its topic among the configured input topics, and its partition. Replay's one input is (0, 0).
/// </summary>
/// <param name="Topic">The topic's index among the input topics (<c>Kafka:Topics</c>); -1 for an internal topic.</param>
/// <param name="Partition">The partition number.</param>
internal readonly record struct SourceIdentity(int Topic, int Partition);
