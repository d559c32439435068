using System.Text;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace CallMetrics.Influx;

/// <summary>
/// Writes one payload of InfluxDB line protocol over HTTP (nanosecond precision, optionally gzip) through a Polly
/// pipeline: endless retries with capped exponential backoff and jitter on 429, 5xx, timeouts and connection failures,
/// a circuit breaker, and a per-attempt timeout. Data is delayed, never dropped: the only lines that do not get written
/// are those the server refuses as invalid, which come back in the <see cref="WriteResult"/>.
/// </summary>
/// <remarks>
/// <see cref="InfluxOptions.Api"/> chooses the transport below the pipeline: <c>v2</c> goes through InfluxDB.Client
/// (<see cref="InfluxClientTransport"/>: InfluxDB 2.x/3.x, 1.8+ in compatibility mode, VictoriaMetrics), <c>v1</c> through
/// the hand-written 1.x <c>/write</c> (<see cref="InfluxV1Transport"/>: servers older than 1.8).
/// </remarks>
public sealed class LineProtocolHttpWriter : IDisposable
{
    private readonly InfluxOptions _options;
    private readonly InfluxBatchPolicy _policy;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<WriteResponse> _pipeline;
    private readonly IInfluxWriteTransport _transport;
    private readonly string[] _secrets;
    private long _retries;
    private long _lastSuccessTicks = -1;
    private volatile string? _lastError;
    private volatile bool _failing;
    private volatile bool _circuitOpen;

    /// <summary>Creates a writer. <paramref name="httpClient"/> is not owned; its own timeout is not used (see <see cref="InfluxOptions.Timeout"/>).</summary>
    /// <exception cref="InvalidOperationException">The options are invalid.</exception>
    public LineProtocolHttpWriter(HttpClient httpClient, InfluxOptions options, TimeProvider timeProvider, ILogger<LineProtocolHttpWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        options.ThrowIfInvalid();
        _options = options;
        _policy = InfluxBatchPolicy.From(options);
        _timeProvider = timeProvider;
        _logger = logger;

        string? password = options.ResolvePassword();
        string? token = options.ResolveToken();
        _secrets = new[] { password, token }.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToArray();
        _transport = options.Api == InfluxApi.V2
            ? new InfluxClientTransport(httpClient, options, token, _secrets, timeProvider)
            : new InfluxV1Transport(httpClient, options, password, _secrets, timeProvider);
        _pipeline = BuildPipeline();
        InfluxLog.WriterTarget(_logger, Target, options.Api, options.Gzip);
    }

    /// <summary>The write address, safe to log.</summary>
    public string Target => _transport.Target;

    /// <summary>Attempts retried so far (all causes).</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>The latest failure (status and server text, or exception type and message), secrets removed; null before any failure.</summary>
    public string? LastError => _lastError;

    /// <summary>When the server last answered a write (accepted or refused as invalid); null before the first answer.</summary>
    public DateTimeOffset? LastSuccess
    {
        get
        {
            long ticks = Interlocked.Read(ref _lastSuccessTicks);
            return ticks < 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>True while the latest attempt failed (server down, overloaded, or refusing the credentials).</summary>
    public bool IsFailing => _failing;

    /// <summary>True while the circuit breaker is open.</summary>
    public bool IsCircuitOpen => _circuitOpen;

    /// <summary>
    /// Writes <paramref name="payload"/> (newline-separated lines) and returns once every line is written or refused.
    /// Transient failures and configuration errors are retried until they clear or <paramref name="cancellationToken"/> fires.
    /// A payload refused as invalid (400, 413, 422) is split in halves down to single lines to find the bad ones.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled before every line had an answer; nothing can be assumed durable.</exception>
    public async ValueTask<WriteResult> WriteAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (payload.IsEmpty)
        {
            return new WriteResult(0, Array.Empty<RejectedLine>(), 0);
        }

        List<RejectedLine>? rejected = null;
        int written = 0;
        int requests = 0;
        var parts = new Stack<ReadOnlyMemory<byte>>();
        parts.Push(payload);
        while (parts.TryPop(out ReadOnlyMemory<byte> part))
        {
            WriteResponse response = await _pipeline.ExecuteAsync(
                static (state, token) => state.Transport.WriteAsync(state.Part, token), (Transport: _transport, Part: part), cancellationToken)
                .ConfigureAwait(false);
            requests++;
            int lines = InfluxBatchPolicy.CountLines(part.Span);
            if (response.Disposition == WriteDisposition.Accepted)
            {
                written += lines;
                continue;
            }

            // Only WriteDisposition.Rejected gets here: the pipeline retries everything else.
            if (lines <= 1)
            {
                var line = new RejectedLine(Encoding.UTF8.GetString(part.Span).TrimEnd('\n'), response.Describe());
                InfluxLog.LineRejected(_logger, line.Reason, InfluxErrorText.Truncate(line.Line, 200));
                (rejected ??= new List<RejectedLine>()).Add(line);
                continue;
            }

            // InfluxDB may already have stored the good lines of a refused request; writing them again is idempotent
            // (same series, field and timestamp: last value wins). Push the second half first so order is kept.
            (ReadOnlyMemory<byte> first, ReadOnlyMemory<byte> second) = InfluxBatchPolicy.SplitInHalves(part);
            parts.Push(second);
            parts.Push(first);
        }

        return new WriteResult(written, (IReadOnlyList<RejectedLine>?)rejected ?? Array.Empty<RejectedLine>(), requests);
    }

    /// <summary>
    /// Issues <c>CREATE DATABASE</c> for <see cref="InfluxOptions.Database"/> (1.x only; idempotent on the server), retrying
    /// while the server is unreachable. Returns false, after logging why, when the server refuses the statement.
    /// </summary>
    public async ValueTask<bool> EnsureDatabaseAsync(CancellationToken cancellationToken)
    {
        if (_options.Api != InfluxApi.V1)
        {
            return true;
        }

        WriteResponse response = await _pipeline.ExecuteAsync(
            static (transport, token) => transport.CreateDatabaseAsync(token), _transport, cancellationToken).ConfigureAwait(false);
        if (response.Disposition == WriteDisposition.Accepted)
        {
            InfluxLog.DatabaseReady(_logger, _options.Database);
            return true;
        }

        InfluxLog.DatabaseNotCreated(_logger, _options.Database, response.Describe());
        return false;
    }

    /// <summary>Whether the server answers its ping endpoint within <see cref="InfluxOptions.Timeout"/> (for <c>/readyz</c>).</summary>
    public Task<bool> PingAsync(CancellationToken cancellationToken) => _transport.PingAsync(cancellationToken);

    /// <summary>Releases the transport (InfluxDB.Client for the v2 API); the <see cref="HttpClient"/> is not owned.</summary>
    public void Dispose() => _transport.Dispose();

    private ResiliencePipeline<WriteResponse> BuildPipeline()
    {
        // Outermost first: endless retry, the observer that records each attempt's answer for health, a circuit breaker,
        // and a per-attempt timeout.
        return new ResiliencePipelineBuilder<WriteResponse> { TimeProvider = _timeProvider }
            .AddRetry(new RetryStrategyOptions<WriteResponse>
            {
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome) || args.Outcome.Exception is BrokenCircuitException),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    _policy.RetryDelay(args.AttemptNumber, args.Outcome.Exception is null ? args.Outcome.Result.RetryAfter : null, Random.Shared.NextDouble())),
                OnRetry = args =>
                {
                    OnAttemptFailed(args.Outcome, args.AttemptNumber, args.RetryDelay);
                    return default;
                },
            })
            .AddStrategy(_ => new AnswerObserver(this), new AnswerObserverOptions())
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<WriteResponse>
            {
                FailureRatio = 0.5,
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = _policy.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome)),
                OnOpened = args =>
                {
                    _circuitOpen = true;
                    InfluxLog.CircuitOpened(_logger, args.BreakDuration, Describe(args.Outcome));
                    return default;
                },
                OnClosed = _ =>
                {
                    _circuitOpen = false;
                    InfluxLog.CircuitClosed(_logger);
                    return default;
                },
            })
            .AddTimeout(_options.Timeout)
            .Build();
    }

    private static bool IsFailure(Outcome<WriteResponse> outcome) => outcome.Exception switch
    {
        null => outcome.Result.Disposition is WriteDisposition.Transient or WriteDisposition.Misconfigured,
        HttpRequestException or TimeoutRejectedException or IOException => true,
        _ => false,
    };

    private void OnAttemptFailed(Outcome<WriteResponse> outcome, int attempt, TimeSpan delay)
    {
        Interlocked.Increment(ref _retries);
        string reason = Describe(outcome);
        if (outcome.Exception is null && outcome.Result.Disposition == WriteDisposition.Misconfigured)
        {
            InfluxLog.RetryingMisconfigured(_logger, reason, attempt + 1, delay);
        }
        else
        {
            InfluxLog.RetryingTransient(_logger, reason, attempt + 1, delay);
        }
    }

    private string Describe(Outcome<WriteResponse> outcome) => outcome.Exception switch
    {
        null => outcome.Result.Describe(),
        BrokenCircuitException => "circuit open",
        TimeoutRejectedException => $"no answer within {_options.Timeout}",
        Exception exception => exception.GetType().Name + ": " + SecretRedactor.Scrub(exception.Message, _secrets),
    };

    /// <summary>Records the outcome of every attempt (the observer sits inside the retry) for health and diagnostics.</summary>
    private void Observe(Outcome<WriteResponse> outcome)
    {
        // An open circuit or the caller's cancellation says nothing new about the server.
        if (outcome.Exception is BrokenCircuitException or OperationCanceledException)
        {
            return;
        }

        if (IsFailure(outcome))
        {
            _lastError = Describe(outcome);
            _failing = true;
        }
        else if (outcome.Exception is null)
        {
            _failing = false;
            Interlocked.Exchange(ref _lastSuccessTicks, _timeProvider.GetUtcNow().UtcTicks);
        }
    }

    private sealed class AnswerObserverOptions : ResilienceStrategyOptions
    {
    }

    private sealed class AnswerObserver(LineProtocolHttpWriter owner) : ResilienceStrategy<WriteResponse>
    {
        protected override async ValueTask<Outcome<WriteResponse>> ExecuteCore<TState>(
            Func<ResilienceContext, TState, ValueTask<Outcome<WriteResponse>>> callback, ResilienceContext context, TState state)
        {
            Outcome<WriteResponse> outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
            owner.Observe(outcome);
            return outcome;
        }
    }
}
