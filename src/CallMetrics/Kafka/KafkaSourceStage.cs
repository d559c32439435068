using System.Collections.Concurrent;
using System.Threading.Channels;
using Akka.Streams;
using Akka.Streams.Stage;
using CallMetrics.Core.Decoding;
using CallMetrics.Streaming.Elements;
using Confluent.Kafka;

namespace CallMetrics.Kafka;

/// <summary>
/// The Kafka source of the graph. <see cref="KafkaEventSource"/> consumes on its own thread into a bounded channel,
/// pausing its partitions while the channel is full (so the graph's demand is Kafka's back-pressure); this stage turns
/// what it hands over into stream elements: rebalances become <see cref="SourceChanged"/> elements, record batches
/// become <see cref="RecordBatch"/>es at numbered sources (<see cref="KafkaSources"/>). A change raised before a batch
/// was handed over (an assignment) goes before that batch's records.
/// </summary>
internal sealed class KafkaSourceStage : GraphStage<SourceShape<StreamElement>>
{
    private static readonly string TooLarge = $"{RejectReason.TooLarge.Code()}: message is larger than {Files.LineChunkReader.MaxLineBytes} bytes";

    private readonly KafkaEventSource? _source;
    private readonly ChannelReader<KafkaRecordBatch> _batches;
    private readonly KafkaSources _sources;
    private readonly Action<int> _recordsIn;
    private readonly Outlet<StreamElement> _out = new("kafka.out");
    private readonly ConcurrentQueue<(TopicPartition Partition, SourceChange Change)> _changes = new();
    private volatile Action? _wake;

    /// <summary>Creates the stage over <paramref name="source"/>, which writes into <paramref name="batches"/>.</summary>
    /// <param name="source">The consumer (started by the caller), whose rebalances become elements; none when the channel is fed directly.</param>
    /// <param name="batches">The channel the consumer writes.</param>
    /// <param name="sources">The numbering of partitions.</param>
    /// <param name="recordsIn">Counts records read.</param>
    public KafkaSourceStage(KafkaEventSource? source, ChannelReader<KafkaRecordBatch> batches, KafkaSources sources, Action<int> recordsIn)
    {
        _source = source;
        _batches = batches;
        _sources = sources;
        _recordsIn = recordsIn;

        // Subscribed now, before the consumer starts: an assignment must never be missed.
        if (source is not null)
        {
            source.PartitionsAssigned += (_, e) => Enqueue(e.Partitions, SourceChange.Registered);
            source.PartitionsRevoked += (_, e) => Enqueue(e.Partitions, SourceChange.Removed);
        }
    }

    /// <inheritdoc/>
    public override SourceShape<StreamElement> Shape => new(_out);

    /// <inheritdoc/>
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private void Enqueue(IReadOnlyList<TopicPartition> partitions, SourceChange change)
    {
        foreach (var partition in partitions)
        {
            _changes.Enqueue((partition, change));
        }

        _wake?.Invoke();
    }

    private RecordBatch ToRecords(KafkaRecordBatch batch)
    {
        var records = new RecordBatch(batch.Records.Sum(r => r.Value.Length + (r.Key?.Length ?? 0)) + 16, batch.Count);
        string? topic = null;
        var partition = -1;
        var source = -1;
        foreach (var record in batch.Records)
        {
            if (record.Partition != partition || !string.Equals(record.Topic, topic, StringComparison.Ordinal))
            {
                // Records come in runs of one partition (a fetch is per partition): one lookup per run.
                topic = record.Topic;
                partition = record.Partition;
                source = _sources.SourceOf(topic, partition);
            }

            var position = new SourcePosition(source, record.Offset);
            if (record.Value.Length > Files.LineChunkReader.MaxLineBytes)
            {
                records.AddRejected(record.Value, position, TooLarge, record.Key, record.Key is not null);
            }
            else
            {
                records.Add(record.Value, position, record.Key, record.Key is not null);
            }
        }

        _recordsIn(batch.Count);
        return records;
    }

    private sealed class Logic : GraphStageLogic
    {
        private readonly KafkaSourceStage _stage;
        private readonly List<StreamElement> _output = [];
        private Action? _wake;
        private bool _waiting;

        public Logic(KafkaSourceStage stage)
            : base(stage.Shape)
        {
            _stage = stage;
            SetHandler(stage._out, onPull: TryPush);
        }

        public override void PreStart()
        {
            var wake = GetAsyncCallback(() =>
            {
                _waiting = false;
                if (IsAvailable(_stage._out))
                {
                    TryPush();
                }
            });
            _wake = wake;
            _stage._wake = wake;
            if (!_stage._changes.IsEmpty)
            {
                wake();
            }
        }

        public override void PostStop()
        {
            _stage._wake = null;

            // Cancelled (the kill switch) or finished: stop consuming; what was not handed over is read again later.
            _stage._source?.Stop();
        }

        private void TryPush()
        {
            // Read first, then take the changes: a change raised before the batch was handed over is then applied first.
            var reader = _stage._batches;
            var batch = reader.TryRead(out var read) ? read : null;
            _output.Clear();
            while (_stage._changes.TryDequeue(out var change))
            {
                _output.Add(new SourceChanged(_stage._sources.SourceOf(change.Partition.Topic, change.Partition.Partition.Value), change.Change));
            }

            if (batch is not null)
            {
                _output.Add(_stage.ToRecords(batch));
            }

            if (_output.Count > 0)
            {
                EmitMultiple(_stage._out, _output.ToArray());
                return;
            }

            if (reader.Completion.IsCompleted)
            {
                if (reader.Completion.IsFaulted)
                {
                    FailStage(reader.Completion.Exception!.GetBaseException());
                }
                else
                {
                    CompleteStage();
                }

                return;
            }

            if (!_waiting)
            {
                _waiting = true;
                var wake = _wake!;
                _ = reader.WaitToReadAsync().AsTask().ContinueWith(_ => wake(), TaskScheduler.Default);
            }
        }
    }
}
