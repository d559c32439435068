namespace CallMetrics.Core.Sessions;

/// <summary>
/// Valid events that are impossible in the current state (EVENTS.md "Bad input", last paragraph):
/// applied as far as they make sense, counted, never fatal.
/// </summary>
public enum Anomaly
{
    /// <summary>An event (other than one that starts a call) for a call that is not in the system.</summary>
    UnknownCall,

    /// <summary><c>call.arrived</c> for a call already in the system.</summary>
    ArrivedTwice,

    /// <summary><c>call.answered</c> by the agent already connected.</summary>
    AnsweredTwice,

    /// <summary><c>call.held</c> when the call is not connected in talk to that agent.</summary>
    HeldNotTalking,

    /// <summary><c>call.retrieved</c> when the call is not on hold with that agent.</summary>
    RetrievedNotOnHold,

    /// <summary><c>call.transferred</c> by an agent who is not connected.</summary>
    TransferNotConnected,

    /// <summary><c>call.ended</c> naming an agent other than the connected one.</summary>
    EndedByOtherAgent,

    /// <summary><c>wrap.ended</c> for a leg not in wrap (or after max_wrap).</summary>
    WrapEndedNotInWrap,

    /// <summary><c>survey.completed</c> with no agent named and none ever connected.</summary>
    SurveyWithoutAgent,

    /// <summary><c>agent.login</c> while logged in.</summary>
    LoginWhileLoggedIn,

    /// <summary><c>agent.state</c> while logged out.</summary>
    StateWhileLoggedOut,

    /// <summary><c>agent.logout</c> while logged out.</summary>
    LogoutWhileLoggedOut,

    /// <summary><c>agent.logout</c> while connected to a call: the leg ends without wrap.</summary>
    LogoutDuringCall,

    /// <summary>A leg answered by an agent who is not logged in (tracked, accrues no busy time).</summary>
    AnsweredWhileLoggedOut,

    /// <summary>A call with no event for the idle timeout: evicted (a connected agent goes to wrap; a queue visit ends with no outcome).</summary>
    EvictedIdleCall,
}
