using Akka.Streams;
using Akka.Streams.Stage;
using CallMetrics.Streaming.Elements;

namespace CallMetrics.Streaming.Stages;

/// <summary>
/// Checkpoint-barrier injection: on request (<see cref="BarrierTrigger"/>) a <see cref="CheckpointBarrier"/> goes downstream
/// after the element in hand, carrying the next offset of every source as of the records before it; when the input
/// ends, a final barrier follows the last record, so a graceful stop checkpoints exactly where it stopped. The offsets
/// are the input's: the records' positions, or the batch's <see cref="RecordBatch.InputEnds"/> when it has them (scaled
/// mode), where a shard's engine replaced with a partition's assignment sets the partition's start and a revocation
/// removes it.
/// </summary>
/// <param name="trigger">How the coordinator asks for barriers.</param>
/// <param name="restoredOffsets">Next offsets of a restored checkpoint (sources that deliver nothing keep them).</param>
internal sealed class BarrierStage(BarrierTrigger trigger, IReadOnlyDictionary<int, long>? restoredOffsets = null) : GraphStage<FlowShape<StreamElement, StreamElement>>
{
    private readonly BarrierTrigger _trigger = trigger;
    private readonly IReadOnlyDictionary<int, long>? _restoredOffsets = restoredOffsets;
    private readonly Inlet<StreamElement> _in = new("barrier.in");
    private readonly Outlet<StreamElement> _out = new("barrier.out");

    /// <inheritdoc/>
    public override FlowShape<StreamElement, StreamElement> Shape => new(_in, _out);

    /// <inheritdoc/>
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : GraphStageLogic
    {
        private readonly BarrierStage _stage;
        private readonly Dictionary<int, long> _nextOffsets;
        private long _lastId;

        public Logic(BarrierStage stage)
            : base(stage.Shape)
        {
            _stage = stage;
            _nextOffsets = stage._restoredOffsets is null ? [] : new(stage._restoredOffsets);
            SetHandler(stage._in, onPush: () =>
            {
                var element = Grab(stage._in);
                switch (element)
                {
                    case RecordBatch { InputEnds: { } ends }:
                        foreach (var (input, next) in ends)
                        {
                            _nextOffsets[input] = next;
                        }

                        break;
                    case RecordBatch records:
                        for (var i = 0; i < records.Count; i++)
                        {
                            var position = records.Position(i);
                            _nextOffsets[position.Source] = position.Offset + 1;
                        }

                        break;
                    case ShardReplaced { IsAssigned: true } assigned:
                        _nextOffsets[assigned.Shard] = assigned.StartOffset;
                        break;
                    case ShardReplaced revoked:
                        _nextOffsets.Remove(revoked.Shard);
                        break;
                    default:
                        break;
                }

                Emit(stage._out, element);
            }, onUpstreamFinish: () =>
            {
                Emit(stage._out, NewBarrier(isFinal: true));
                Complete(stage._out);
            });
            SetHandler(stage._out, onPull: () =>
            {
                if (!HasBeenPulled(stage._in) && !IsClosed(stage._in))
                {
                    Pull(stage._in);
                }
            });
        }

        public override void PreStart()
        {
            var request = GetAsyncCallback(() =>
            {
                if (!IsClosed(_stage._out))
                {
                    Emit(_stage._out, NewBarrier(isFinal: false));
                }
            });
            _stage._trigger.Attach(request);
        }

        public override void PostStop() => _stage._trigger.Attach(null);

        private CheckpointBarrier NewBarrier(bool isFinal) => new(++_lastId, new Dictionary<int, long>(_nextOffsets), isFinal);
    }
}
