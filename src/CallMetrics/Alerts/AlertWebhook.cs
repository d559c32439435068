using System.Net.Http.Headers;
using System.Threading.Channels;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace CallMetrics.Alerts;

/// <summary>
/// One webhook: a bounded queue of changes and the loop that POSTs them, one at a time and in order, through a Polly
/// pipeline (per-attempt timeout; retries with exponential backoff, jitter and a cap). A webhook that is down delays,
/// never loses: a transient failure (connection error, timeout, 408, 429, 5xx) is retried until the change is
/// delivered, and the changes behind it wait. Another 4xx is the webhook refusing that change for good (logged,
/// counted, next). The one loss is a full queue: the new change is dropped (counted and logged) instead of waiting, as
/// a slow or dead webhook must never hold up the evaluator, the pipeline or the other webhooks, each of which has its
/// own queue and loop.
/// </summary>
internal sealed class AlertWebhook
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly Uri _url;
    private readonly HttpClient _http;
    private readonly Channel<AlertChange> _queue;
    private readonly ResiliencePipeline<int> _pipeline;
    private readonly ILogger _logger;
    private readonly int _capacity;
    private long _delivered;
    private long _failed;
    private long _dropped;
    private long _retries;

    /// <summary>Creates the webhook; <see cref="RunAsync"/> delivers.</summary>
    public AlertWebhook(Uri url, HttpClient http, AlertOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(options);
        _url = url;
        _http = http;
        _logger = logger;
        _capacity = options.WebhookQueueCapacity;
        Name = url.GetLeftPart(UriPartial.Authority);
        _queue = Channel.CreateBounded<AlertChange>(new BoundedChannelOptions(options.WebhookQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then answers false instead of evicting an older change
            SingleReader = true,
        });
        _pipeline = new ResiliencePipelineBuilder<int> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<int>
            {
                // Until delivered: the backoff's cap bounds the wait between attempts, the queue's capacity the backlog.
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.WebhookRetryDelay,
                MaxDelay = options.WebhookMaxRetryDelay,
                ShouldHandle = new PredicateBuilder<int>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(IsTransient),
                OnRetry = args =>
                {
                    Interlocked.Increment(ref _retries);
                    AlertLog.WebhookRetrying(_logger, Name, Describe(args.Outcome), args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            })
            .AddTimeout(options.WebhookTimeout)
            .Build();
    }

    /// <summary>Scheme, host and port of the URL: what logs show (a path or query may hold a token).</summary>
    public string Name { get; }

    /// <summary>Changes the webhook answered with 2xx.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Changes the webhook refused for good: answered with a 4xx other than 408 and 429 (not retried).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Changes dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Attempts retried.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Queues <paramref name="change"/>; false (counted, logged) when the queue is full or closed.</summary>
    public bool TryEnqueue(AlertChange change)
    {
        if (_queue.Writer.TryWrite(change))
        {
            return true;
        }

        AlertLog.WebhookDropped(_logger, Name, _capacity, change.Rule, Interlocked.Increment(ref _dropped));
        return false;
    }

    /// <summary>Delivers queued changes until <paramref name="stopping"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var change in _queue.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
            {
                await DeliverAsync(change, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: what is still queued or being retried is not delivered (alerts are a live signal, not a durable
            // log; a restart does not repeat them). Stopping must not wait on a webhook that is down.
        }
    }

    private async Task DeliverAsync(AlertChange change, CancellationToken stopping)
    {
        var body = AlertJson.Serialize(change);

        // Connection errors, timeouts and transient answers are retried inside the pipeline until delivered (or until
        // stopping cancels it), so an answer that comes out unsuccessful is a refusal.
        var status = await _pipeline.ExecuteAsync(
            async token =>
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = Json;
                using var response = await _http.PostAsync(_url, content, token).ConfigureAwait(false);
                return (int)response.StatusCode;
            },
            stopping).ConfigureAwait(false);
        if (status is >= 200 and < 300)
        {
            Interlocked.Increment(ref _delivered);
            return;
        }

        Refused(change, "HTTP " + status.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private void Refused(AlertChange change, string reason)
    {
        Interlocked.Increment(ref _failed);
        AlertLog.WebhookFailed(_logger, Name, change.Rule, reason);
    }

    private static bool IsTransient(int status) => status is 408 or 429 or >= 500;

    private static string Describe(Outcome<int> outcome) => outcome.Exception switch
    {
        HttpRequestException e => e.HttpRequestError.ToString(),
        TimeoutRejectedException => "timed out",
        { } e => e.GetType().Name,
        null => "HTTP " + outcome.Result.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
