namespace CallMetrics.Core.Events;

/// <summary>Classification of <see cref="EventType"/> values.</summary>
public static class EventTypeExtensions
{
    /// <summary>True for the <c>call.*</c>, <c>wrap.ended</c> and <c>survey.completed</c> events, which need a <c>call_id</c>.</summary>
    public static bool IsCallEvent(this EventType type) => type is >= EventType.CallArrived and <= EventType.SurveyCompleted;

    /// <summary>True for the <c>agent.*</c> events, which need an <c>agent_id</c>.</summary>
    public static bool IsAgentEvent(this EventType type) => type is >= EventType.AgentLogin and <= EventType.AgentLogout;

    /// <summary>True when EVENTS.md makes <c>agent_id</c> required for the type.</summary>
    public static bool RequiresAgent(this EventType type) => type switch
    {
        EventType.CallAnswered or EventType.CallHeld or EventType.CallRetrieved or EventType.CallTransferred or EventType.WrapEnded => true,
        _ => type.IsAgentEvent(),
    };

    /// <summary>The wire name of the type, as in EVENTS.md.</summary>
    public static string WireName(this EventType type) => type switch
    {
        EventType.CallArrived => "call.arrived",
        EventType.CallQueued => "call.queued",
        EventType.CallAnswered => "call.answered",
        EventType.CallHeld => "call.held",
        EventType.CallRetrieved => "call.retrieved",
        EventType.CallTransferred => "call.transferred",
        EventType.CallEnded => "call.ended",
        EventType.WrapEnded => "wrap.ended",
        EventType.SurveyCompleted => "survey.completed",
        EventType.AgentLogin => "agent.login",
        EventType.AgentState => "agent.state",
        EventType.AgentLogout => "agent.logout",
        _ => "none",
    };
}
