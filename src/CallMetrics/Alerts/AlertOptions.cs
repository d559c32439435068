namespace CallMetrics.Alerts;

/// <summary>
/// Where alert changes go (section <c>CallMetrics:Alerts</c>); defaults in <see cref="AlertDefaults"/>. The firing
/// list (<c>/api/v1/alerts</c>), the wallboard's banners and the <c>/metrics</c> counts need no setting.
/// </summary>
public sealed class AlertOptions
{
    /// <summary>URLs (http or https) each change is POSTed to as METRICS.md's JSON object; none by default.</summary>
    public List<string> Webhooks { get; } = [];

    /// <summary>A Kafka topic each change is produced to (value: the JSON object; key: rule id and tags); null: none.</summary>
    public string? Topic { get; set; }

    /// <summary>
    /// The alert rule file (a JSON array of rules, the format replay's <c>--alert-rules</c> reads); null: no rules, no
    /// alerts. Read and checked at start: a bad rule stops the service (exit 3) with one line naming it.
    /// </summary>
    public string? Rules { get; set; }

    /// <summary>Changes waiting per webhook; when full, new changes for that webhook are dropped, counted and logged (the one loss: a webhook that is down is retried until it takes them).</summary>
    public int WebhookQueueCapacity { get; set; } = AlertDefaults.WebhookQueueCapacity;

    /// <summary>Longest time one POST may take before it counts as failed (and is retried, until delivered).</summary>
    public TimeSpan WebhookTimeout { get; set; } = AlertDefaults.WebhookTimeout;

    /// <summary>Delay before the first retry; each later one doubles, with jitter.</summary>
    public TimeSpan WebhookRetryDelay { get; set; } = AlertDefaults.WebhookRetryDelay;

    /// <summary>Cap on the delay between two attempts.</summary>
    public TimeSpan WebhookMaxRetryDelay { get; set; } = AlertDefaults.WebhookMaxRetryDelay;

    /// <summary>The webhooks as absolute URIs (call after <see cref="Validate"/> found none wrong).</summary>
    public IReadOnlyList<Uri> WebhookUris() => [.. Webhooks.Select(w => new Uri(w, UriKind.Absolute))];

    /// <summary>The problems, each naming its setting.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        const string Section = AlertDefaults.SectionName;
        for (var i = 0; i < Webhooks.Count; i++)
        {
            if (!Uri.TryCreate(Webhooks[i], UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                // The value is not echoed: a webhook URL may carry a token.
                errors.Add($"{Section}:Webhooks:{i} must be an absolute http or https URL");
            }
        }

        if (Rules is not null && string.IsNullOrWhiteSpace(Rules))
        {
            errors.Add($"{Section}:Rules must not be blank (leave it out for no rules)");
        }
        else if (Rules is not null && !AlertRuleSet.TryLoad(Rules, out _, out var rulesError))
        {
            errors.Add(rulesError);
        }

        if (Topic is not null && string.IsNullOrWhiteSpace(Topic))
        {
            errors.Add($"{Section}:Topic must not be blank (leave it out for no topic)");
        }

        if (WebhookQueueCapacity < 1)
        {
            errors.Add($"{Section}:WebhookQueueCapacity must be at least 1");
        }

        if (WebhookTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{Section}:WebhookTimeout must be positive");
        }

        if (WebhookRetryDelay <= TimeSpan.Zero)
        {
            errors.Add($"{Section}:WebhookRetryDelay must be positive");
        }

        if (WebhookMaxRetryDelay < WebhookRetryDelay)
        {
            errors.Add($"{Section}:WebhookMaxRetryDelay must not be shorter than WebhookRetryDelay");
        }

        return errors;
    }
}
