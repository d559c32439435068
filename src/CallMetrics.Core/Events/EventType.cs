namespace CallMetrics.Core.Events;

/// <summary>The canonical event types of EVENTS.md, schema 1.</summary>
public enum EventType : byte
{
    /// <summary>Not a valid event; the default value.</summary>
    None = 0,

    /// <summary><c>call.arrived</c>: the call enters the system (IVR starts).</summary>
    CallArrived,

    /// <summary><c>call.queued</c>: the call starts waiting in a queue.</summary>
    CallQueued,

    /// <summary><c>call.answered</c>: an agent is connected; talk starts.</summary>
    CallAnswered,

    /// <summary><c>call.held</c>: the agent puts the caller on hold.</summary>
    CallHeld,

    /// <summary><c>call.retrieved</c>: the agent takes the caller off hold.</summary>
    CallRetrieved,

    /// <summary><c>call.transferred</c>: the agent's connection ends; the call continues.</summary>
    CallTransferred,

    /// <summary><c>call.ended</c>: the caller is disconnected.</summary>
    CallEnded,

    /// <summary><c>wrap.ended</c>: the agent finishes after-call work for the call.</summary>
    WrapEnded,

    /// <summary><c>survey.completed</c>: a customer satisfaction score for the call.</summary>
    SurveyCompleted,

    /// <summary><c>agent.login</c>.</summary>
    AgentLogin,

    /// <summary><c>agent.state</c>: the agent chooses available or not ready.</summary>
    AgentState,

    /// <summary><c>agent.logout</c>.</summary>
    AgentLogout,
}
