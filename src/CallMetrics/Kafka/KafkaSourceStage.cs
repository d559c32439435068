using System.Collections.Concurrent;
using System.Threading.Channels;
using Akka.Streams;
using Akka.Streams.Stage;
using CallMetrics.Streaming.Elements;

namespace CallMetrics.Kafka;

/// <summary>
/// The Kafka source of the graph. <see cref="KafkaEventSource"/> consumes on its own thread into a bounded channel,
/// pausing its partitions while the channel is full (so the graph's demand is Kafka's back-pressure); this stage turns
/// what it hands over into stream elements through its <see cref="IKafkaInput"/>: rebalances become elements (a
/// <see cref="SourceChanged"/>, or scaled mode's <see cref="ShardReplaced"/>), record batches become
/// <see cref="RecordBatch"/>es at numbered sources. A change raised before a batch was handed over (an assignment) goes
/// before that batch's records.
/// </summary>
internal sealed class KafkaSourceStage : GraphStage<SourceShape<StreamElement>>
{
    private readonly KafkaEventSource? _source;
    private readonly ChannelReader<KafkaRecordBatch> _batches;
    private readonly IKafkaInput _input;
    private readonly Action<int> _recordsIn;
    private readonly Outlet<StreamElement> _out = new("kafka.out");
    private readonly ConcurrentQueue<StreamElement> _changes = new();
    private volatile Action? _wake;

    /// <summary>Creates the stage over the input topics' partitions (<see cref="PartitionInput"/>).</summary>
    /// <param name="source">The consumer (started by the caller), whose rebalances become elements; none when the channel is fed directly.</param>
    /// <param name="batches">The channel the consumer writes.</param>
    /// <param name="sources">The numbering of partitions.</param>
    /// <param name="recordsIn">Counts records read.</param>
    public KafkaSourceStage(KafkaEventSource? source, ChannelReader<KafkaRecordBatch> batches, KafkaSources sources, Action<int> recordsIn)
        : this(source, batches, new PartitionInput(sources), recordsIn)
    {
    }

    /// <summary>Creates the stage over <paramref name="source"/>, which writes into <paramref name="batches"/>.</summary>
    /// <param name="source">The consumer (started by the caller), whose rebalances become elements; none when the channel is fed directly.</param>
    /// <param name="batches">The channel the consumer writes.</param>
    /// <param name="input">What rebalances and batches become.</param>
    /// <param name="recordsIn">Counts records read.</param>
    public KafkaSourceStage(KafkaEventSource? source, ChannelReader<KafkaRecordBatch> batches, IKafkaInput input, Action<int> recordsIn)
    {
        _source = source;
        _batches = batches;
        _input = input;
        _recordsIn = recordsIn;

        // Subscribed now, before the consumer starts: an assignment must never be missed.
        if (source is not null)
        {
            source.PartitionsAssigned += (_, e) =>
            {
                input.OnAssigned(e.Partitions, _changes.Enqueue);
                _wake?.Invoke();
            };
            source.PartitionsRevoked += (_, e) =>
            {
                input.OnRevoked(e.Partitions, _changes.Enqueue);
                _wake?.Invoke();
            };
        }
    }

    /// <inheritdoc/>
    public override SourceShape<StreamElement> Shape => new(_out);

    /// <inheritdoc/>
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

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
                _stage._input.Passing(change);
                _output.Add(change);
            }

            if (batch is not null)
            {
                _stage._input.ToElements(batch, _output);
                _stage._recordsIn(batch.Count);
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
