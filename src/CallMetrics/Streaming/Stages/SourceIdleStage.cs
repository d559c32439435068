using Akka.Streams;
using Akka.Streams.Stage;
using CallMetrics.Streaming.Elements;

namespace CallMetrics.Streaming.Stages;

/// <summary>
/// Progress tracking: decides, on a wall-clock timer, when a source is idle (<see cref="IdleSources"/>) and puts that
/// decision in band, after the source's last records, so it can never overtake them.
/// </summary>
/// <param name="rules">The idle rules (and their state).</param>
/// <param name="time">Wall time.</param>
/// <param name="checkEvery">How often sources are checked.</param>
internal sealed class SourceIdleStage(IdleSources rules, TimeProvider time, TimeSpan checkEvery) : GraphStage<FlowShape<StreamElement, StreamElement>>
{
    private readonly IdleSources _rules = rules;
    private readonly TimeProvider _time = time;
    private readonly TimeSpan _checkEvery = checkEvery;
    private readonly Inlet<StreamElement> _in = new("idle.in");
    private readonly Outlet<StreamElement> _out = new("idle.out");

    /// <inheritdoc/>
    public override FlowShape<StreamElement, StreamElement> Shape => new(_in, _out);

    /// <inheritdoc/>
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : TimerGraphStageLogic
    {
        private readonly SourceIdleStage _stage;
        private readonly List<StreamElement> _output = [];

        public Logic(SourceIdleStage stage)
            : base(stage.Shape)
        {
            _stage = stage;
            SetHandler(stage._in, onPush: () =>
            {
                var element = Grab(stage._in);
                _output.Clear();
                var now = stage._time.GetTimestamp();
                if (element is RecordBatch records)
                {
                    stage._rules.OnRecords(records, now, _output);
                }
                else if (element is SourceChanged changed)
                {
                    stage._rules.OnChange(changed, now);
                }

                _output.Add(element);
                EmitMultiple(stage._out, _output.ToArray());
            }, onUpstreamFinish: () => Complete(stage._out));
            SetHandler(stage._out, onPull: () =>
            {
                if (!HasBeenPulled(stage._in) && !IsClosed(stage._in))
                {
                    Pull(stage._in);
                }
            });
        }

        public override void PreStart() => ScheduleRepeatedly("idle", _stage._checkEvery);

        protected override void OnTimer(object timerKey)
        {
            _output.Clear();
            _stage._rules.Check(_stage._time.GetElapsedTime, _output);
            if (_output.Count > 0 && !IsClosed(_stage._out))
            {
                EmitMultiple(_stage._out, _output.ToArray());
            }
        }
    }
}
