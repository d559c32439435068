namespace CallMetrics.Alerts;

/// <summary>
/// The configured webhooks (<see cref="AlertOptions.Webhooks"/>) as one consumer: each change is queued for every
/// webhook, and each webhook's loop runs on its own from start to stop.
/// </summary>
internal sealed class AlertWebhooks : IAlertSink, IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task[] _loops = [];

    /// <summary>Creates one <see cref="AlertWebhook"/> per URL.</summary>
    public AlertWebhooks(AlertOptions options, HttpClient http, TimeProvider time, ILogger<AlertWebhooks> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        Webhooks = [.. options.WebhookUris().Select(url => new AlertWebhook(url, http, options, time, logger))];
    }

    /// <summary>The webhooks, in the order configured.</summary>
    public IReadOnlyList<AlertWebhook> Webhooks { get; }

    /// <summary>Changes dropped over all webhooks (queues full).</summary>
    public long Dropped => Webhooks.Sum(w => w.Dropped);

    /// <summary>Changes given up on over all webhooks.</summary>
    public long Failed => Webhooks.Sum(w => w.Failed);

    /// <inheritdoc />
    public void Accept(AlertChange change)
    {
        foreach (var webhook in Webhooks)
        {
            webhook.TryEnqueue(change);
        }
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loops = [.. Webhooks.Select(w => Task.Run(() => w.RunAsync(_stopping.Token), CancellationToken.None))];
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loops).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>The container may call it once for each service type it is registered as; disposing the source twice is harmless.</remarks>
    public void Dispose() => _stopping.Dispose();
}
