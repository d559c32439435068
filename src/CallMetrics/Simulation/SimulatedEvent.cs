namespace CallMetrics.Simulation;

/// <summary>
/// One canonical event (EVENTS.md) ready to be written: its event time, its Kafka message key and its
/// UTF-8 JSON. Produced by <see cref="CallCenterSimulator"/> and by input translators.
/// </summary>
/// <param name="TimestampNanoseconds">Event time (<c>ts</c>) in nanoseconds since the Unix epoch.</param>
/// <param name="Key">The Kafka message key: <c>call_id</c> for call events, <c>agent_id</c> for agent events.</param>
/// <param name="Json">One JSON object, UTF-8, no trailing newline. Not copied: do not modify.</param>
#pragma warning disable CA1819 // The bytes are handed to sinks as they are; a copy per event would double the cost.
public readonly record struct SimulatedEvent(long TimestampNanoseconds, string Key, byte[] Json);
#pragma warning restore CA1819
