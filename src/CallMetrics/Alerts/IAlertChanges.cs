namespace CallMetrics.Alerts;

/// <summary>
/// Where alert changes enter the service: the alert evaluator publishes each change here, in the order it produces
/// them, and the service delivers it to the webhooks, the Kafka topic, <c>/api/v1/alerts</c>, the wallboard and
/// <c>/metrics</c>.
/// </summary>
/// <remarks>
/// <see cref="Publish"/> never blocks on a consumer and never throws for a consumer's failure: it may be called from
/// the pipeline's own thread.
/// </remarks>
public interface IAlertChanges
{
    /// <summary>Hands one change to every consumer.</summary>
    void Publish(AlertChange change);
}
