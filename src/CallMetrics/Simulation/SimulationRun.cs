using System.Diagnostics;

namespace CallMetrics.Simulation;

/// <summary>
/// One run of the discrete-event simulation: the loop that takes the next step from the <see cref="StepScheduler"/>,
/// lets the <see cref="AgentFlow"/> or the <see cref="CallFlow"/> run it, and hands out the events it made. State is
/// bounded by the size of the center (agents, calls in progress, pending surveys) and the callers who will call again
/// (calls of the last <see cref="SimulationOptions.RepeatDelayMax"/>), never by the simulated duration: calls are
/// dropped when they end and the events are handed out as they are made.
/// </summary>
internal sealed class SimulationRun
{
    private readonly StepScheduler _scheduler;
    private readonly SimulatedCenter _center;
    private readonly SimulatedEventEmitter _emit;
    private readonly AgentFlow _agents;
    private readonly CallFlow _calls;

    public SimulationRun(SimulationOptions options, double callsPerHour)
    {
        var startMs = options.Start.ToUnixTimeMilliseconds();
        _scheduler = new StepScheduler(startMs, startMs + (long)options.Duration.TotalMilliseconds);
        var random = new SimulationRandom(options.Seed);
        _center = new SimulatedCenter(options);
        _emit = new SimulatedEventEmitter(options.Seed, _scheduler, _center);
        _calls = new CallFlow(options, callsPerHour, _center, _scheduler, random, _emit);
        _agents = new AgentFlow(_center, _scheduler, random, _emit, _calls);
    }

    /// <summary>Steps scheduled and not yet run: bounded by the center's size, not by the duration.</summary>
    public int PendingStepCount => _scheduler.Count;

    /// <summary>Calls waiting in all queues right now.</summary>
    public int WaitingCallCount => _center.WaitingCallCount;

    /// <summary>Callers who will call again and have not yet: bounded by the calls of the last <see cref="SimulationOptions.RepeatDelayMax"/>.</summary>
    public int PendingCallbackCount => _calls.PendingCallbacks;

    /// <summary>Runs the simulation, yielding events in non-decreasing time order, until <c>Start + Duration</c> (exclusive).</summary>
    public IEnumerable<SimulatedEvent> Events()
    {
        _agents.ScheduleFirstShifts();
        _calls.ScheduleNextArrival();

        while (_scheduler.TryNext(out var step))
        {
            Run(step);
            while (_emit.Output.TryDequeue(out var simulatedEvent))
            {
                yield return simulatedEvent;
            }
        }
    }

    private void Run(in SimulationStep step)
    {
        switch (step.Kind)
        {
            case SimulationStepKind.Arrival: _calls.Arrive(); break;
            case SimulationStepKind.IvrEnd: _calls.EndIvr(step.Call!); break;
            case SimulationStepKind.Requeue: _calls.Enqueue(step.Call!, step.Value); break;
            case SimulationStepKind.Abandon: _calls.Abandon(step.Call!, step.Value); break;
            case SimulationStepKind.Hold: _calls.Hold(step.Call!, held: true); break;
            case SimulationStepKind.Retrieve: _calls.Hold(step.Call!, held: false); break;
            case SimulationStepKind.ConnectionEnd: _calls.EndConnection(step.Call!); break;
            case SimulationStepKind.WrapEnd:
                _calls.EndWrap(_center.Agents[step.Agent], step.Call!, step.Value);
                _agents.BecomeAvailable(_center.Agents[step.Agent]);
                break;
            case SimulationStepKind.Survey: _calls.Survey(step.Call!, step.Agent); break;
            case SimulationStepKind.Login: _agents.Login(_center.Agents[step.Agent]); break;
            case SimulationStepKind.Activity: _agents.ActivityDue(_center.Agents[step.Agent], step.Value); break;
            case SimulationStepKind.ActivityEnd: _agents.EndActivity(_center.Agents[step.Agent], step.Value); break;
            case SimulationStepKind.OutboundAnswer: _calls.AnswerOutbound(step.Call!); break;
            default: throw new UnreachableException();
        }
    }
}
