using System.Text.Json;

namespace CallMetrics.Inputs;

/// <summary>Field names and type names of EVENTS.md, encoded once.</summary>
internal static class CanonicalNames
{
    public static readonly JsonEncodedText EventId = JsonEncodedText.Encode("event_id");
    public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    public static readonly JsonEncodedText Ts = JsonEncodedText.Encode("ts");
    public static readonly JsonEncodedText Tenant = JsonEncodedText.Encode("tenant");
    public static readonly JsonEncodedText CallId = JsonEncodedText.Encode("call_id");
    public static readonly JsonEncodedText AgentId = JsonEncodedText.Encode("agent_id");
    public static readonly JsonEncodedText CallType = JsonEncodedText.Encode("call_type");
    public static readonly JsonEncodedText Caller = JsonEncodedText.Encode("caller");
    public static readonly JsonEncodedText Queue = JsonEncodedText.Encode("queue");
    public static readonly JsonEncodedText ToQueue = JsonEncodedText.Encode("to_queue");
    public static readonly JsonEncodedText Team = JsonEncodedText.Encode("team");
    public static readonly JsonEncodedText State = JsonEncodedText.Encode("state");
    public static readonly JsonEncodedText Reason = JsonEncodedText.Encode("reason");
    public static readonly JsonEncodedText Score = JsonEncodedText.Encode("score");
    public static readonly JsonEncodedText Direction = JsonEncodedText.Encode("direction");
    public static readonly JsonEncodedText Disposition = JsonEncodedText.Encode("disposition");

    public static readonly JsonEncodedText CallArrived = JsonEncodedText.Encode("call.arrived");
    public static readonly JsonEncodedText CallQueued = JsonEncodedText.Encode("call.queued");
    public static readonly JsonEncodedText CallAnswered = JsonEncodedText.Encode("call.answered");
    public static readonly JsonEncodedText CallHeld = JsonEncodedText.Encode("call.held");
    public static readonly JsonEncodedText CallRetrieved = JsonEncodedText.Encode("call.retrieved");
    public static readonly JsonEncodedText CallTransferred = JsonEncodedText.Encode("call.transferred");
    public static readonly JsonEncodedText CallEnded = JsonEncodedText.Encode("call.ended");
    public static readonly JsonEncodedText WrapEnded = JsonEncodedText.Encode("wrap.ended");
    public static readonly JsonEncodedText SurveyCompleted = JsonEncodedText.Encode("survey.completed");
    public static readonly JsonEncodedText AgentLogin = JsonEncodedText.Encode("agent.login");
    public static readonly JsonEncodedText AgentState = JsonEncodedText.Encode("agent.state");
    public static readonly JsonEncodedText AgentLogout = JsonEncodedText.Encode("agent.logout");

    public static readonly JsonEncodedText Available = JsonEncodedText.Encode("available");
    public static readonly JsonEncodedText NotReady = JsonEncodedText.Encode("not_ready");
    public static readonly JsonEncodedText Outbound = JsonEncodedText.Encode("outbound");

    /// <summary>The tenant that EVENTS.md assumes when the field is absent; it is not written.</summary>
    public const string DefaultTenant = "default";
}
