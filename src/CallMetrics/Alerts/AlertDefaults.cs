namespace CallMetrics.Alerts;

/// <summary>The defaults of <see cref="AlertOptions"/>, in one place.</summary>
public static class AlertDefaults
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "CallMetrics:Alerts";

    /// <summary>Changes waiting per webhook before new ones are dropped: at the cap's 30 s between attempts, hours of a busy center's changes.</summary>
    public const int WebhookQueueCapacity = 10_000;

    /// <summary>Longest time one POST may take.</summary>
    public static readonly TimeSpan WebhookTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Delay before the first retry; later ones double (with jitter).</summary>
    public static readonly TimeSpan WebhookRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Cap on the delay between two attempts.</summary>
    public static readonly TimeSpan WebhookMaxRetryDelay = TimeSpan.FromSeconds(30);
}
