namespace CallMetrics.Alerts;

/// <summary>The alert delivery's log messages. Webhooks are named by scheme, host and port only: a path may hold a token.</summary>
internal static partial class AlertLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "The alert consumer {Sink} threw on a change of rule {Rule}; the other consumers still get it")]
    public static partial void SinkFailed(ILogger logger, Exception exception, string sink, string rule);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Alert webhook {Webhook}: attempt failed ({Reason}); retry {Attempt} in {Delay}")]
    public static partial void WebhookRetrying(ILogger logger, string webhook, string reason, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Alert webhook {Webhook}: refused a change of rule {Rule} ({Reason}); not retried, the next change follows")]
    public static partial void WebhookFailed(ILogger logger, string webhook, string rule, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "Alert webhook {Webhook}: its queue is full ({Capacity} changes), a change of rule {Rule} is dropped ({Dropped} dropped so far)")]
    public static partial void WebhookDropped(ILogger logger, string webhook, int capacity, string rule, long dropped);
}
