using Akka.Streams;
using Akka.Streams.Stage;
using CallMetrics.Streaming.Elements;

namespace CallMetrics.Streaming.Stages;

/// <summary>
/// The engine stage: one <see cref="EngineShard"/> per materialization, fed in stream order. An element may give
/// several downstream (windows, dead letters, the element itself); they are emitted in order before the next one is pulled.
/// </summary>
/// <param name="createShard">Builds the shard when the stage starts (its engine is the stage's alone).</param>
internal sealed class EngineStage(Func<EngineShard> createShard) : GraphStage<FlowShape<StreamElement, StreamElement>>
{
    private readonly Func<EngineShard> _createShard = createShard;
    private readonly Inlet<StreamElement> _in = new("engine.in");
    private readonly Outlet<StreamElement> _out = new("engine.out");

    /// <inheritdoc/>
    public override FlowShape<StreamElement, StreamElement> Shape => new(_in, _out);

    /// <inheritdoc/>
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : GraphStageLogic
    {
        private readonly List<StreamElement> _output = [];

        public Logic(EngineStage stage)
            : base(stage.Shape)
        {
            var shard = stage._createShard();
            SetHandler(stage._in, onPush: () =>
            {
                _output.Clear();
                shard.Handle(Grab(stage._in), _output);
                if (_output.Count == 0)
                {
                    Pull(stage._in);
                }
                else
                {
                    EmitMultiple(stage._out, _output.ToArray());
                }
            }, onUpstreamFinish: () => Complete(stage._out));
            SetHandler(stage._out, onPull: () =>
            {
                if (!HasBeenPulled(stage._in) && !IsClosed(stage._in))
                {
                    Pull(stage._in);
                }
            });
        }
    }
}
