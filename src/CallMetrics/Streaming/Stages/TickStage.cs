using Akka.Streams;
using Akka.Streams.Stage;
using CallMetrics.Streaming.Elements;

namespace CallMetrics.Streaming.Stages;

/// <summary>
/// Wall-clock ticks from Akka.Streams timers, put in band: <see cref="Tick.Provisional"/> every
/// <paramref name="provisionalInterval"/> (none when zero), and <see cref="Tick.Pause"/> once input has paused for
/// <paramref name="pauseAfter"/> after records. A tick never queues behind another of its kind: while one waits for
/// demand, the next is skipped, so a slow sink does not pile them up.
/// </summary>
internal sealed class TickStage(TimeSpan provisionalInterval, TimeSpan pauseAfter) : GraphStage<FlowShape<StreamElement, StreamElement>>
{
    private readonly TimeSpan _provisionalInterval = provisionalInterval;
    private readonly TimeSpan _pauseAfter = pauseAfter;
    private readonly Inlet<StreamElement> _in = new("tick.in");
    private readonly Outlet<StreamElement> _out = new("tick.out");

    /// <inheritdoc/>
    public override FlowShape<StreamElement, StreamElement> Shape => new(_in, _out);

    /// <inheritdoc/>
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : TimerGraphStageLogic
    {
        private readonly TickStage _stage;
        private bool _recordsSinceCheck;
        private bool _recordsSincePause;
        private bool _waiting;

        public Logic(TickStage stage)
            : base(stage.Shape)
        {
            _stage = stage;
            SetHandler(stage._in, onPush: () =>
            {
                var element = Grab(stage._in);
                if (element is RecordBatch)
                {
                    _recordsSinceCheck = true;
                    _recordsSincePause = true;
                }

                Emit(stage._out, element);
            }, onUpstreamFinish: () => Complete(stage._out));
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
            if (_stage._provisionalInterval > TimeSpan.Zero)
            {
                ScheduleRepeatedly(TickKind.Provisional, _stage._provisionalInterval);
            }

            ScheduleRepeatedly(TickKind.Pause, _stage._pauseAfter);
        }

        protected override void OnTimer(object timerKey)
        {
            if (timerKey is TickKind.Pause)
            {
                // Records in the last period: input has not paused yet.
                var paused = !_recordsSinceCheck && _recordsSincePause;
                _recordsSinceCheck = false;
                if (!paused)
                {
                    return;
                }

                _recordsSincePause = false;
            }

            if (_waiting || IsClosed(_stage._out))
            {
                return;
            }

            _waiting = true;
            Emit(_stage._out, timerKey is TickKind.Pause ? Tick.Pause : Tick.Provisional, () => _waiting = false);
        }
    }
}
