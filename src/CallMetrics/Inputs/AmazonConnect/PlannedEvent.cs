namespace CallMetrics.Inputs.AmazonConnect;

/// <summary>One planned event: its time and its JSON.</summary>
internal readonly record struct PlannedEvent(DateTimeOffset Ts, byte[] Json);
