using System.Globalization;
using CallMetrics.Inputs;

namespace CallMetrics.Simulation;

/// <summary>
/// Writes each canonical event the simulation makes (EVENTS.md) at the scheduler's current time and queues it for
/// the run to hand out. Event ids are <c>sim-&lt;seed&gt;-&lt;n&gt;</c>; the key is the call id or the agent id.
/// </summary>
internal sealed class SimulatedEventEmitter(int seed, StepScheduler clock, SimulatedCenter center)
{
    private readonly CanonicalEventWriter _writer = new(string.Create(CultureInfo.InvariantCulture, $"sim-{seed}-"));

    /// <summary>Events made and not yet handed out.</summary>
    public Queue<SimulatedEvent> Output { get; } = new();

    public void AgentLogin(SimulatedAgent agent)
    {
        var team = center.Teams[agent.Team];
        _writer.Begin(CanonicalNames.AgentLogin, clock.NowMs, center.TenantField(team.Tenant))
            .Field(CanonicalNames.AgentId, agent.Id).Field(CanonicalNames.Team, team.Name).Field(CanonicalNames.State, CanonicalNames.Available);
        Finish(agent.Id);
    }

    /// <summary><c>agent.state</c>: not ready with <paramref name="reason"/>, or available when it is null.</summary>
    public void AgentState(SimulatedAgent agent, string? reason)
    {
        _writer.Begin(CanonicalNames.AgentState, clock.NowMs, TenantOf(agent))
            .Field(CanonicalNames.AgentId, agent.Id)
            .Field(CanonicalNames.State, reason is null ? CanonicalNames.Available : CanonicalNames.NotReady)
            .Field(CanonicalNames.Reason, reason);
        Finish(agent.Id);
    }

    public void AgentLogout(SimulatedAgent agent)
    {
        _writer.Begin(CanonicalNames.AgentLogout, clock.NowMs, TenantOf(agent)).Field(CanonicalNames.AgentId, agent.Id);
        Finish(agent.Id);
    }

    /// <summary><c>call.arrived</c> with the call type and the caller; <c>direction</c> is written for outbound calls only.</summary>
    public void CallArrived(SimulatedCall call, ReadOnlySpan<byte> caller)
    {
        _writer.Begin(CanonicalNames.CallArrived, clock.NowMs, center.TenantField(call.Tenant)).Field(CanonicalNames.CallId, call.Id);
        if (call.Outbound)
        {
            _writer.Field(CanonicalNames.Direction, CanonicalNames.Outbound);
        }

        _writer.Field(CanonicalNames.CallType, call.Profile.Name).Field(CanonicalNames.Caller, caller);
        Finish(call.Id);
    }

    public void CallQueued(SimulatedCall call, int queue)
    {
        _writer.Begin(CanonicalNames.CallQueued, clock.NowMs, center.TenantField(call.Tenant))
            .Field(CanonicalNames.CallId, call.Id).Field(CanonicalNames.Queue, center.Queues[queue].Name);
        Finish(call.Id);
    }

    public void CallAnswered(SimulatedCall call, SimulatedAgent agent) => CallAndAgent(CanonicalNames.CallAnswered, call, agent.Id);

    public void CallHeld(SimulatedCall call, bool held) =>
        CallAndAgent(held ? CanonicalNames.CallHeld : CanonicalNames.CallRetrieved, call, center.Agents[call.Agent].Id);

    public void CallTransferred(SimulatedCall call, SimulatedAgent agent, int toQueue)
    {
        _writer.Begin(CanonicalNames.CallTransferred, clock.NowMs, center.TenantField(call.Tenant))
            .Field(CanonicalNames.CallId, call.Id).Field(CanonicalNames.AgentId, agent.Id).Field(CanonicalNames.ToQueue, center.Queues[toQueue].Name);
        Finish(call.Id);
    }

    /// <summary><c>call.ended</c>, naming the connected agent if there is one.</summary>
    public void CallEnded(SimulatedCall call, SimulatedAgent? agent) => CallAndAgent(CanonicalNames.CallEnded, call, agent?.Id);

    /// <summary><c>wrap.ended</c>, with the agent's wrap-up code when there is one.</summary>
    public void WrapEnded(SimulatedCall call, SimulatedAgent agent, SimulatedOutcome? disposition)
    {
        _writer.Begin(CanonicalNames.WrapEnded, clock.NowMs, center.TenantField(call.Tenant))
            .Field(CanonicalNames.CallId, call.Id).Field(CanonicalNames.AgentId, agent.Id)
            .Field(CanonicalNames.Disposition, disposition is { } outcome ? SimulatedOutcomes.Disposition(outcome) : null);
        Finish(call.Id);
    }

    public void SurveyCompleted(SimulatedCall call, int agent, int score)
    {
        _writer.Begin(CanonicalNames.SurveyCompleted, clock.NowMs, center.TenantField(call.Tenant))
            .Field(CanonicalNames.CallId, call.Id).Field(CanonicalNames.AgentId, center.Agents[agent].Id).Field(CanonicalNames.Score, score);
        Finish(call.Id);
    }

    private void CallAndAgent(System.Text.Json.JsonEncodedText type, SimulatedCall call, string? agentId)
    {
        _writer.Begin(type, clock.NowMs, center.TenantField(call.Tenant)).Field(CanonicalNames.CallId, call.Id).Field(CanonicalNames.AgentId, agentId);
        Finish(call.Id);
    }

    private string? TenantOf(SimulatedAgent agent) => center.TenantField(center.Teams[agent.Team].Tenant);

    private void Finish(string key) => Output.Enqueue(new SimulatedEvent(clock.NowMs * 1_000_000, key, _writer.End()));
}
