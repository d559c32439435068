using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace CallMetrics.Influx;

/// <summary>
/// The batching loop in front of <see cref="LineProtocolHttpWriter"/>: producers enqueue <see cref="SinkBatch"/>es into a
/// bounded queue and wait when it is full (back-pressure, never dropping); one loop coalesces them into writes of up to
/// <see cref="InfluxOptions.BatchSize"/> lines, or whatever is pending after <see cref="InfluxOptions.FlushInterval"/>,
/// and acknowledges each batch through <see cref="SinkBatch.OnDurable"/>, in enqueue order, once the server has it.
/// </summary>
public sealed class InfluxSink : IAsyncDisposable
{
    private readonly InfluxOptions _options;
    private readonly LineProtocolHttpWriter _writer;
    private readonly Action<RejectedLine> _onRejected;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly InfluxBatchPolicy _policy;
    private readonly Channel<Entry> _channel;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    // Owned by the loop only.
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly List<SinkBatch> _pending = [];
    private int _pendingLines;
    private long _oldestPendingTimestamp;

    private long _batchesWritten;
    private long _linesWritten;
    private long _rejectedLines;
    private volatile bool _loopEnded;
    private int _stopped;
    private int _disposed;

    /// <summary>Creates the sink and starts its loop (which first creates the 1.x database when <see cref="InfluxOptions.CreateDatabase"/> is set).</summary>
    /// <param name="options">Validated settings.</param>
    /// <param name="writer">The HTTP writer; not owned.</param>
    /// <param name="onRejected">The dead-letter destination for lines the server refuses as invalid. Runs on the loop; must not throw or block for long.</param>
    /// <param name="timeProvider">Wall time for the flush interval and statistics.</param>
    /// <param name="logger">Logger.</param>
    /// <exception cref="InvalidOperationException">The options are invalid.</exception>
    public InfluxSink(InfluxOptions options, LineProtocolHttpWriter writer, Action<RejectedLine> onRejected, TimeProvider timeProvider, ILogger<InfluxSink> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(onRejected);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        options.ThrowIfInvalid();
        _options = options;
        _writer = writer;
        _onRejected = onRejected;
        _timeProvider = timeProvider;
        _logger = logger;
        _policy = InfluxBatchPolicy.From(options);
        _channel = Channel.CreateBounded<Entry>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _loop = Task.Run(() => RunAsync(_stopping.Token));
    }

    /// <summary>True while the loop runs and the latest write attempt did not fail (for <c>/readyz</c>).</summary>
    public bool IsHealthy => !_loopEnded && !_writer.IsFailing;

    /// <summary>Whether the server answers its ping endpoint (for <c>/readyz</c>): InfluxDB.Client's ping for the v2 API, <c>/ping</c> for 1.x.</summary>
    public Task<bool> PingAsync(CancellationToken cancellationToken) => _writer.PingAsync(cancellationToken);

    /// <summary>Batches waiting in the queue.</summary>
    public int QueueDepth => _channel.Reader.Count;

    /// <summary>A snapshot of the counters.</summary>
    public InfluxSinkStatistics Statistics => new(
        Interlocked.Read(ref _batchesWritten),
        Interlocked.Read(ref _linesWritten),
        _writer.Retries,
        Interlocked.Read(ref _rejectedLines),
        QueueDepth,
        _writer.LastError,
        _writer.LastSuccess,
        IsHealthy,
        _writer.IsCircuitOpen);

    /// <summary>
    /// Enqueues a batch. Completes once the batch is queued, which waits while the queue is full: that is how a slow or
    /// unreachable server slows the producer down instead of losing data. Durability is signalled by <see cref="SinkBatch.OnDurable"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The payload is not made of complete lines.</exception>
    /// <exception cref="InvalidOperationException">The sink is stopped.</exception>
    public async ValueTask WriteAsync(SinkBatch batch, CancellationToken cancellationToken)
    {
        if (!batch.Payload.IsEmpty && batch.Payload.Span[^1] != (byte)'\n')
        {
            throw new ArgumentException("The payload must end with a newline.", nameof(batch));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(batch.LineCount);
        await EnqueueAsync(new Entry(batch, null), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Completes when every batch enqueued before this call is durable (or was dead-lettered).</summary>
    /// <exception cref="InvalidOperationException">The sink is stopped.</exception>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await EnqueueAsync(new Entry(default, done), cancellationToken).ConfigureAwait(false);
        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops accepting batches and writes everything queued. When <paramref name="cancellationToken"/> fires first, the
    /// write in progress is abandoned and the remaining batches are never acknowledged (their source must replay them).
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            _channel.Writer.TryComplete();
        }

        try
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            await _loop.ConfigureAwait(false);
        }
    }

    /// <summary>Flushes and stops, giving up after <see cref="InfluxOptions.ShutdownTimeout"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        using (var timeout = new CancellationTokenSource(_options.ShutdownTimeout, _timeProvider))
        {
            await StopAsync(timeout.Token).ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private async ValueTask EnqueueAsync(Entry entry, CancellationToken cancellationToken)
    {
        try
        {
            await _channel.Writer.WriteAsync(entry, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException closed)
        {
            throw new InvalidOperationException("The InfluxDB sink is stopped.", closed.InnerException ?? closed);
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            if (_options.Api == InfluxApi.V1 && _options.CreateDatabase)
            {
                await _writer.EnsureDatabaseAsync(stopping).ConfigureAwait(false);
            }

            await ProcessAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            InfluxLog.StoppedWithUnwritten(_logger, _pending.Count + _channel.Reader.Count);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A bug, not an outage (the writer retries those): stop taking batches so producers see it instead of hanging.
            InfluxLog.LoopFailed(_logger, exception);
            _channel.Writer.TryComplete(exception);
        }
        finally
        {
            _loopEnded = true;
            while (_channel.Reader.TryRead(out Entry entry))
            {
                entry.Flushed?.TrySetCanceled(stopping.IsCancellationRequested ? stopping : new CancellationToken(canceled: true));
            }
        }
    }

    private async Task ProcessAsync(CancellationToken stopping)
    {
        ChannelReader<Entry> reader = _channel.Reader;
        Task<bool>? moreAvailable = null;
        while (true)
        {
            while (reader.TryRead(out Entry entry))
            {
                await AcceptAsync(entry, stopping).ConfigureAwait(false);
            }

            moreAvailable ??= reader.WaitToReadAsync(stopping).AsTask();
            if (_pending.Count > 0 && !moreAvailable.IsCompleted)
            {
                TimeSpan remaining = _policy.TimeUntilFlush(_timeProvider.GetElapsedTime(_oldestPendingTimestamp));
                if (remaining > TimeSpan.Zero)
                {
                    using var delayCancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                    Task delay = Task.Delay(remaining, _timeProvider, delayCancellation.Token);
                    Task first = await Task.WhenAny(moreAvailable, delay).ConfigureAwait(false);
                    await delayCancellation.CancelAsync().ConfigureAwait(false);
                    if (first != moreAvailable)
                    {
                        // FlushInterval elapsed with no new batch: write what is pending. The pending wait is kept for the next round.
                        await WritePendingAsync(stopping).ConfigureAwait(false);
                        continue;
                    }
                }
                else
                {
                    await WritePendingAsync(stopping).ConfigureAwait(false);
                    continue;
                }
            }

            bool more = await moreAvailable.ConfigureAwait(false);
            moreAvailable = null;
            if (!more)
            {
                break;
            }
        }

        await WritePendingAsync(stopping).ConfigureAwait(false);
    }

    private async ValueTask AcceptAsync(Entry entry, CancellationToken stopping)
    {
        if (entry.Flushed is { } flushed)
        {
            try
            {
                await WritePendingAsync(stopping).ConfigureAwait(false);
            }
            catch
            {
                // Dequeued already, so the clean-up in RunAsync would not see it: release the waiter here.
                flushed.TrySetCanceled(stopping.IsCancellationRequested ? stopping : new CancellationToken(canceled: true));
                throw;
            }

            flushed.TrySetResult();
            return;
        }

        SinkBatch batch = entry.Batch;
        if (_policy.ShouldFlushBefore(_pendingLines, batch.LineCount))
        {
            await WritePendingAsync(stopping).ConfigureAwait(false);
        }

        if (_pending.Count == 0)
        {
            _oldestPendingTimestamp = _timeProvider.GetTimestamp();
        }

        _buffer.Write(batch.Payload.Span);
        _pending.Add(batch);
        _pendingLines += batch.LineCount;
        if (_policy.IsFull(_pendingLines))
        {
            await WritePendingAsync(stopping).ConfigureAwait(false);
        }
    }

    private async ValueTask WritePendingAsync(CancellationToken stopping)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        WriteResult result = await _writer.WriteAsync(_buffer.WrittenMemory, stopping).ConfigureAwait(false);

        // Dead letters first, so a batch's lines are all accounted for before it is acknowledged.
        foreach (RejectedLine line in result.Rejected)
        {
            Interlocked.Increment(ref _rejectedLines);
            Invoke(() => _onRejected(line), "rejected-line");
        }

        Interlocked.Add(ref _linesWritten, result.WrittenLines);
        foreach (SinkBatch batch in _pending)
        {
            Interlocked.Increment(ref _batchesWritten);
            if (batch.OnDurable is { } onDurable)
            {
                Invoke(onDurable, "OnDurable");
            }
        }

        _pending.Clear();
        _pendingLines = 0;
        _buffer.ResetWrittenCount();
    }

    private void Invoke(Action callback, string name)
    {
        try
        {
            callback();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            InfluxLog.CallbackFailed(_logger, exception, name);
        }
    }

    /// <summary>A queued batch, or a flush request when <see cref="Flushed"/> is set.</summary>
    private readonly record struct Entry(SinkBatch Batch, TaskCompletionSource? Flushed);
}
