namespace CallMetrics.Simulation;

/// <summary>
/// The agents' side of the simulation: daily shifts (login, breaks, lunch, logout, jittered), activities that wait
/// for the end of a call's wrap, and handing an agent who becomes available to <see cref="CallFlow"/>.
/// </summary>
internal sealed class AgentFlow(SimulatedCenter center, StepScheduler scheduler, SimulationRandom random, SimulatedEventEmitter emit, CallFlow calls)
{
    /// <summary>Schedules the first login of every agent: the shift on shift at the start, or the next one.</summary>
    public void ScheduleFirstShifts()
    {
        foreach (var agent in center.Agents)
        {
            ScheduleFirstShift(agent);
        }
    }

    public void Login(SimulatedAgent agent)
    {
        emit.AgentLogin(agent);
        agent.State = SimulatedAgentState.Available;
        agent.PendingActivity = -1;
        ScheduleActivity(agent, 0);
        calls.OfferTo(agent);
    }

    public void ActivityDue(SimulatedAgent agent, int activity)
    {
        if (agent.State == SimulatedAgentState.Available)
        {
            StartActivity(agent, activity);
        }
        else
        {
            // The agent is on a call or in wrap: the break (or logout) starts when the wrap ends.
            agent.PendingActivity = activity;
        }
    }

    public void EndActivity(SimulatedAgent agent, int activity)
    {
        emit.AgentState(agent, reason: null);
        agent.State = SimulatedAgentState.Available;
        ScheduleActivity(agent, activity + 1);
        calls.OfferTo(agent);
    }

    /// <summary>The agent's wrap ended: a break that came due meanwhile starts now, else the agent takes the next call.</summary>
    public void BecomeAvailable(SimulatedAgent agent)
    {
        agent.State = SimulatedAgentState.Available;
        if (agent.PendingActivity >= 0)
        {
            StartActivity(agent, agent.PendingActivity);
        }
        else
        {
            calls.OfferTo(agent);
        }
    }

    private void ScheduleFirstShift(SimulatedAgent agent)
    {
        var firstDay = FloorDay(scheduler.StartMs) - ShiftPlan.Day;
        for (var day = firstDay; ; day += ShiftPlan.Day)
        {
            var shiftStart = day + agent.ShiftOffsetMs + random.Jitter(ShiftPlan.Jitter);
            if (shiftStart + ShiftPlan.ShiftLength <= scheduler.StartMs)
            {
                continue;
            }

            agent.ShiftDayMs = day;
            agent.ShiftStartMs = shiftStart;
            scheduler.Schedule(Math.Max(shiftStart, scheduler.StartMs), SimulationStepKind.Login, agent.Index, null, 0);
            return;
        }
    }

    /// <summary>Schedules the first activity from <paramref name="from"/> on that is still ahead (a mid-shift start skips the past ones).</summary>
    private void ScheduleActivity(SimulatedAgent agent, int from)
    {
        var now = scheduler.NowMs;
        for (var i = from; i < ShiftPlan.Activities.Length; i++)
        {
            var due = agent.ShiftStartMs + ShiftPlan.Activities[i].OffsetMs + random.Jitter(ShiftPlan.Jitter);
            // At login in the middle of a shift (simulation start) the activities already past are skipped;
            // after a break the next one runs even if it is overdue (a long call delayed the break).
            var isLast = i == ShiftPlan.Activities.Length - 1;
            if (due > now || isLast || from > 0)
            {
                scheduler.Schedule(Math.Max(due, now), SimulationStepKind.Activity, agent.Index, null, i);
                return;
            }
        }
    }

    private void StartActivity(SimulatedAgent agent, int activity)
    {
        var now = scheduler.NowMs;
        center.Teams[agent.Team].RemoveIdle(agent);
        agent.PendingActivity = -1;
        var plan = ShiftPlan.Activities[activity];
        if (plan.IsLogout)
        {
            emit.AgentLogout(agent);
            agent.State = SimulatedAgentState.LoggedOut;

            // Tomorrow's shift; shifts end by 21:40, so it is always ahead.
            agent.ShiftDayMs += ShiftPlan.Day;
            agent.ShiftStartMs = agent.ShiftDayMs + agent.ShiftOffsetMs + random.Jitter(ShiftPlan.Jitter);
            scheduler.Schedule(Math.Max(agent.ShiftStartMs, now), SimulationStepKind.Login, agent.Index, null, 0);
            return;
        }

        emit.AgentState(agent, plan.Reason);
        agent.State = SimulatedAgentState.NotReady;
        scheduler.Schedule(now + plan.DurationMs + random.Jitter(ShiftPlan.Minute), SimulationStepKind.ActivityEnd, agent.Index, null, activity);
    }

    private static long FloorDay(long unixMs) => unixMs - (((unixMs % ShiftPlan.Day) + ShiftPlan.Day) % ShiftPlan.Day);
}
