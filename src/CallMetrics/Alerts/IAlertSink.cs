namespace CallMetrics.Alerts;

/// <summary>One consumer of alert changes (a webhook set, the Kafka topic, the firing list, the counts).</summary>
/// <remarks>
/// <see cref="Accept"/> is called on the publisher's thread, possibly from several threads: it must be thread-safe
/// and return at once (queue the slow work).
/// </remarks>
internal interface IAlertSink
{
    /// <summary>Takes one change.</summary>
    void Accept(AlertChange change);
}
