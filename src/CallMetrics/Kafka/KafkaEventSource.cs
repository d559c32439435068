using System.Runtime.ExceptionServices;
using System.Threading.Channels;

using Confluent.Kafka;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallMetrics.Kafka;

/// <summary>
/// Consumes <see cref="KafkaOptions.Topics"/> in the consumer group <see cref="KafkaOptions.GroupId"/> and
/// hands the messages downstream in batches of up to <see cref="KafkaOptions.MaxBatchSize"/> messages,
/// waiting at most <see cref="KafkaOptions.MaxBatchDelay"/> for a batch to fill.
/// </summary>
/// <remarks>
/// <para>
/// At-least-once: nothing is committed until the pipeline calls <see cref="StoreOffsets"/> with offsets
/// whose data is durable downstream (typically <see cref="KafkaRecordBatch.NextOffsets"/>); stored offsets
/// are committed every 5 s by librdkafka, on <see cref="Commit"/>, and when the consumer closes.
/// </para>
/// <para>
/// Back-pressure: batches go into a bounded channel. While it is full the source pauses its partitions and
/// keeps polling without fetching, so it neither reads ahead of downstream nor exceeds
/// <c>max.poll.interval.ms</c> and drops out of the group.
/// </para>
/// <para>
/// Rebalances: <see cref="PartitionsAssigned"/> and <see cref="PartitionsRevoked"/> are raised on the
/// consumer thread before the rebalance completes. A revoked handler should flush the pipeline and call
/// <see cref="StoreOffsets"/> and <see cref="Commit"/> synchronously: afterwards the partitions belong to
/// another member, which resumes from the committed offsets. Messages of revoked partitions that were read
/// but not yet handed downstream are dropped (the new owner reads them again).
/// </para>
/// <para>
/// The blocking consume loop runs on a dedicated thread, not the thread pool. It stops when the token
/// passed to <see cref="RunAsync"/> is cancelled, on <see cref="Stop"/>, on a fatal client error, when a
/// hand-off finds the output channel completed by its reader, or when the batch callback throws; it then
/// closes the consumer (leaving the group, which raises <see cref="PartitionsRevoked"/>) and completes the channel.
/// </para>
/// </remarks>
public sealed partial class KafkaEventSource : IDisposable
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(100);

    private readonly KafkaOptions _options;
    private readonly ChannelWriter<KafkaRecordBatch> _output;
    private readonly Channel<KafkaRecordBatch>? _callbackChannel;
    private readonly Func<KafkaRecordBatch, CancellationToken, ValueTask>? _callback;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly PartitionAssignment _assignment = new();
    private readonly PausingHandOff _handOff;
    private readonly CancellationTokenSource _stopping = new();
    private IConsumer<byte[]?, byte[]>? _consumer;
    private List<KafkaRecord> _pending = [];
    private Error? _fatalError;
    private long _consumedCount;
    private int _started;

    /// <summary>Creates a source that writes batches to <paramref name="output"/> (the source completes it when it stops).</summary>
    /// <param name="options">Validated options.</param>
    /// <param name="output">A bounded channel's writer: its capacity is how far consumption may run ahead of downstream.</param>
    /// <param name="logger">Receives librdkafka's log and client errors (secrets redacted).</param>
    /// <param name="timeProvider">The clock of the batch delay; <see cref="TimeProvider.System"/> by default.</param>
    public KafkaEventSource(KafkaOptions options, ChannelWriter<KafkaRecordBatch> output, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        options.ThrowIfInvalid();
        KafkaNative.EnsureLoaded();
        _options = options;
        _output = output;
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _handOff = new PausingHandOff(output, _logger);
        KafkaLog.ClientLibrary(_logger, typeof(Library).Assembly.GetName().Version?.ToString(3) ?? "?", KafkaNative.Description);
    }

    /// <summary>
    /// Creates a source that awaits <paramref name="onBatch"/> for each batch, one at a time: the next batch
    /// is read while the callback runs, and consumption pauses until it returns. If it throws, the source
    /// stops and <see cref="RunAsync"/> fails with that exception.
    /// </summary>
    public KafkaEventSource(
        KafkaOptions options,
        Func<KafkaRecordBatch, CancellationToken, ValueTask> onBatch,
        ILogger? logger = null,
        TimeProvider? timeProvider = null)
        : this(options, CreateHandOff(out Channel<KafkaRecordBatch> channel), logger, timeProvider)
    {
        ArgumentNullException.ThrowIfNull(onBatch);
        _callbackChannel = channel;
        _callback = onBatch;
    }

    /// <summary>Raised on the consumer thread when the group gives this member partitions.</summary>
    public event EventHandler<KafkaPartitionsEventArgs>? PartitionsAssigned;

    /// <summary>
    /// Where newly assigned partitions start, when the caller knows better than the group's committed offsets
    /// (a restored checkpoint); partitions it leaves out start at the committed offset or auto.offset.reset.
    /// Called on the consumer thread during assignment.
    /// </summary>
    public Func<IReadOnlyList<TopicPartition>, IReadOnlyDictionary<TopicPartition, long>>? StartOffsets { get; set; }

    /// <summary>Raised on the consumer thread before partitions are taken away (also when they were lost).</summary>
    public event EventHandler<KafkaPartitionsEventArgs>? PartitionsRevoked;

    /// <summary>The partitions this member owns now (a snapshot).</summary>
    public IReadOnlyList<TopicPartition> Assignment => _assignment.Owned;

    /// <summary>How many messages were read from Kafka so far (handed downstream or waiting in the current batch).</summary>
    public long ConsumedCount => Interlocked.Read(ref _consumedCount);

    /// <summary>Starts consuming on a dedicated thread; the task completes once the consumer has closed.</summary>
    /// <exception cref="InvalidOperationException">The source was already started.</exception>
    /// <exception cref="ArgumentException">librdkafka refused a property (message redacted).</exception>
    /// <returns>A task that fails with a <see cref="KafkaException"/> on a fatal client error, or with the callback's exception.</returns>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The source is already running; create one source per run.");
        }

        // Built here, not on the thread, so that a configuration error surfaces at once to the caller.
        IConsumer<byte[]?, byte[]> consumer = Build();
        lock (_gate)
        {
            _consumer = consumer;
        }

        CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        TaskCompletionSource consumed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Thread thread = new(() =>
        {
            try
            {
                ConsumeLoop(consumer, linked.Token);
                consumed.SetResult();
            }
#pragma warning disable CA1031 // The thread's outcome is reported through the task, whatever it is.
            catch (Exception e)
#pragma warning restore CA1031
            {
                consumed.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "kafka-consumer",
        };
        thread.Start();

        Task run = _callbackChannel is null ? consumed.Task : Task.WhenAll(consumed.Task, PumpAsync(_callbackChannel.Reader, linked.Token));
        return AwaitThenDispose(run, linked);

        static async Task AwaitThenDispose(Task run, CancellationTokenSource linked)
        {
            try
            {
                await run.ConfigureAwait(false);
            }
            finally
            {
                linked.Dispose();
            }
        }
    }

    /// <summary>
    /// True when a partition has nothing more to read right now: the next offset the caller will process
    /// (or, when it processed none, the consumer's position) has reached the partition's high watermark,
    /// asked of the broker. False while anything is unknown: an idle partition must be a caught-up one.
    /// Also false when the caller processed none but this source already read records of it: they are on
    /// their way downstream, and calling the partition idle now would make them late.
    /// </summary>
    public bool IsCaughtUp(TopicPartition partition, long? nextOffset)
    {
        if (nextOffset is null && _assignment.HasConsumedFrom(partition))
        {
            return false;
        }

        lock (_gate)
        {
            return _consumer is not null && CatchUp.IsCaughtUp(_consumer, partition, nextOffset);
        }
    }

    /// <summary>Asks the consume loop to stop; <see cref="RunAsync"/>'s task completes once the consumer closed.</summary>
    public void Stop() => _stopping.Cancel();

    /// <summary>Stops the loop if it is running. Await <see cref="RunAsync"/>'s task for a clean close.</summary>
    /// <remarks>The stop signal itself is not disposed (it holds no timer), so <see cref="Stop"/> stays safe to call.</remarks>
    public void Dispose() => _stopping.Cancel();

    private static ChannelWriter<KafkaRecordBatch> CreateHandOff(out Channel<KafkaRecordBatch> channel)
    {
        // Capacity 1: one batch is processed while the next one fills.
        channel = Channel.CreateBounded<KafkaRecordBatch>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        return channel.Writer;
    }

    private async Task PumpAsync(ChannelReader<KafkaRecordBatch> reader, CancellationToken cancellationToken)
    {
        try
        {
            while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                while (reader.TryRead(out KafkaRecordBatch? batch))
                {
                    await _callback!(batch, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e)
        {
            // Stops the consume loop, which may be idle or blocked handing off the next batch.
            _callbackChannel!.Writer.TryComplete(e);
            await _stopping.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void ConsumeLoop(IConsumer<byte[]?, byte[]> consumer, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            consumer.Subscribe(_options.Topics);
            long batchStarted = 0;
            while (!cancellationToken.IsCancellationRequested && _fatalError is null)
            {
                TimeSpan timeout = _pending.Count == 0
                    ? IdlePoll
                    : Max(TimeSpan.Zero, _options.MaxBatchDelay - _time.GetElapsedTime(batchStarted));
                ConsumeResult<byte[]?, byte[]>? result = Consume(consumer, timeout);
                if (result?.Message is not null)
                {
                    if (_pending.Count == 0)
                    {
                        batchStarted = _time.GetTimestamp();
                    }

                    Keep(result);
                }

                bool full = _pending.Count >= _options.MaxBatchSize;
                if ((full || (_pending.Count > 0 && _time.GetElapsedTime(batchStarted) >= _options.MaxBatchDelay))
                    && !HandOff(consumer, cancellationToken))
                {
                    break;
                }
            }
        }
        catch (ConsumeException e) when (e.Error.IsFatal)
        {
            failure = Fatal(e.Error);
        }
#pragma warning disable CA1031 // Whatever stopped the loop (a throwing event handler) is reported downstream and to RunAsync.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = e;
        }
        finally
        {
            Close(consumer);
        }

        if (failure is null && _fatalError is { } fatal)
        {
            failure = Fatal(fatal);
        }

        // The reader learns why the batches stopped.
        _output.TryComplete(failure);
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    private void Keep(ConsumeResult<byte[]?, byte[]> result)
    {
        _pending.Add(KafkaRecord.From(result));
        _assignment.Consumed(result);
        Interlocked.Increment(ref _consumedCount);
    }

    private KafkaException Fatal(Error error) =>
        new(new Error(error.Code, KafkaClientConfigs.Redact(_options, error.Reason), isFatal: true));

    private ConsumeResult<byte[]?, byte[]>? Consume(IConsumer<byte[]?, byte[]> consumer, TimeSpan timeout)
    {
        try
        {
            return consumer.Consume(timeout);
        }
        catch (ConsumeException e) when (!e.Error.IsFatal)
        {
            // Transient (an unknown topic not yet created, a broker restarting): librdkafka retries.
            KafkaLog.Error(_logger, _options, e.Error);
            return null;
        }
    }

    // Hands the pending batch downstream; false when the loop must stop (cancelled, or the channel completed).
    private bool HandOff(IConsumer<byte[]?, byte[]> consumer, CancellationToken cancellationToken)
    {
        KafkaRecordBatch batch = new(_pending);
        _pending = new List<KafkaRecord>(Math.Min(_options.MaxBatchSize, 1024));
        return _handOff.HandOff(consumer, batch, () =>
        {
            // Fetched before the pause took effect: kept for the next batch, in order.
            if (Consume(consumer, TimeSpan.Zero) is { Message: not null } late)
            {
                Keep(late);
            }
        }, cancellationToken);
    }

    private IConsumer<byte[]?, byte[]> Build()
    {
        ConsumerConfig config = KafkaClientConfigs.ForConsumer(_options);
        return KafkaClientConfigs.BuildRedacted(_options, () => new ConsumerBuilder<byte[]?, byte[]>(config)
            .SetLogHandler((_, message) => KafkaLog.Write(_logger, _options, message))
            .SetErrorHandler(OnError)
            .SetPartitionsAssignedHandler(OnAssigned)
            .SetPartitionsRevokedHandler((_, revoked) => OnRevoked(revoked, isLost: false))
            .SetPartitionsLostHandler((_, lost) => OnRevoked(lost, isLost: true))
            .Build());
    }

    private void OnError(IConsumer<byte[]?, byte[]> consumer, Error error)
    {
        KafkaLog.Error(_logger, _options, error);
        if (error.IsFatal)
        {
            _fatalError = error;
        }
    }

    private IEnumerable<TopicPartitionOffset> OnAssigned(IConsumer<byte[]?, byte[]> consumer, List<TopicPartition> partitions)
    {
        _assignment.Assigned(partitions);

        KafkaLog.Assigned(_logger, partitions.Count, string.Join(", ", partitions));
        PartitionsAssigned?.Invoke(this, new KafkaPartitionsEventArgs(partitions, isLost: false));

        // A checkpoint's offsets win over the group's committed ones: they belong to the restored state.
        var start = StartOffsets?.Invoke(partitions);
        return partitions.Select(p => new TopicPartitionOffset(p, start is not null && start.TryGetValue(p, out var offset) ? new Offset(offset) : Offset.Unset));
    }

    private void OnRevoked(List<TopicPartitionOffset> revokedOffsets, bool isLost)
    {
        List<TopicPartition> revoked = [.. revokedOffsets.Select(o => o.TopicPartition)];
        HashSet<TopicPartition> gone = [.. revoked];

        // Not handed downstream yet, so never stored: the next owner reads these again from the committed offset.
        _pending.RemoveAll(r => gone.Contains(new TopicPartition(r.Topic, r.Partition)));
        KafkaLog.Revoked(_logger, revoked.Count, isLost, string.Join(", ", revoked));
        PartitionsRevoked?.Invoke(this, new KafkaPartitionsEventArgs(revoked, isLost));
        _assignment.Revoked(revoked);
    }

    private void Close(IConsumer<byte[]?, byte[]> consumer)
    {
        try
        {
            // Leaves the group (raising PartitionsRevoked) and commits what was stored.
            consumer.Close();
        }
        catch (KafkaException e)
        {
            KafkaLog.Error(_logger, _options, e.Error);
        }
        finally
        {
            lock (_gate)
            {
                consumer.Dispose();
                _consumer = null;
            }

            _assignment.Clear();
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
