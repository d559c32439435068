using System.Text.Json.Serialization;

namespace CallMetrics.Benchmarks.Peers;

/// <summary>The <c>type</c> of a canonical event (EVENTS.md), as the peers read it: an unknown name fails deserialization.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PeerEventType>))]
public enum PeerEventType
{
    /// <summary><c>call.arrived</c>.</summary>
    [JsonStringEnumMemberName("call.arrived")]
    CallArrived,

    /// <summary><c>call.queued</c>.</summary>
    [JsonStringEnumMemberName("call.queued")]
    CallQueued,

    /// <summary><c>call.answered</c>.</summary>
    [JsonStringEnumMemberName("call.answered")]
    CallAnswered,

    /// <summary><c>call.held</c>.</summary>
    [JsonStringEnumMemberName("call.held")]
    CallHeld,

    /// <summary><c>call.retrieved</c>.</summary>
    [JsonStringEnumMemberName("call.retrieved")]
    CallRetrieved,

    /// <summary><c>call.transferred</c>.</summary>
    [JsonStringEnumMemberName("call.transferred")]
    CallTransferred,

    /// <summary><c>call.ended</c>.</summary>
    [JsonStringEnumMemberName("call.ended")]
    CallEnded,

    /// <summary><c>wrap.ended</c>.</summary>
    [JsonStringEnumMemberName("wrap.ended")]
    WrapEnded,

    /// <summary><c>survey.completed</c>.</summary>
    [JsonStringEnumMemberName("survey.completed")]
    SurveyCompleted,

    /// <summary><c>agent.login</c>.</summary>
    [JsonStringEnumMemberName("agent.login")]
    AgentLogin,

    /// <summary><c>agent.state</c>.</summary>
    [JsonStringEnumMemberName("agent.state")]
    AgentState,

    /// <summary><c>agent.logout</c>.</summary>
    [JsonStringEnumMemberName("agent.logout")]
    AgentLogout,
}
