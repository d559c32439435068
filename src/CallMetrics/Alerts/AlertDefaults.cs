namespace CallMetrics.Alerts;

/// <summary>The defaults of <see cref="AlertOptions"/>, in one place.</summary>
public static class AlertDefaults
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "CallMetrics:Alerts";

    /// <summary>Changes waiting per webhook before new ones are dropped.</summary>
    public const int WebhookQueueCapacity = 1_000;

    /// <summary>Retries of one change after its first attempt.</summary>
    public const int WebhookRetries = 5;

    /// <summary>Longest time one POST may take.</summary>
    public static readonly TimeSpan WebhookTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Delay before the first retry; later ones double (with jitter).</summary>
    public static readonly TimeSpan WebhookRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Cap on the delay between two attempts.</summary>
    public static readonly TimeSpan WebhookMaxRetryDelay = TimeSpan.FromSeconds(30);
}
