using CallMetrics.Core.Events;

namespace CallMetrics.Core.Decoding;

/// <summary>The <c>type</c> of a message, read from its UTF-8 wire name (EVENTS.md).</summary>
internal static class EventTypeNames
{
    /// <summary>The type named by <paramref name="type"/>; <see cref="EventType.None"/> for any other name.</summary>
    public static EventType Parse(ReadOnlySpan<byte> type)
    {
        // One candidate per length and distinguishing byte, confirmed by a full comparison.
        var candidate = type.Length switch
        {
            9 => EventType.CallHeld,
            10 => type[0] == (byte)'c' ? EventType.CallEnded : EventType.WrapEnded,
            11 => type[0] == (byte)'c' ? EventType.CallQueued : type[6] == (byte)'l' ? EventType.AgentLogin : EventType.AgentState,
            12 => type[0] == (byte)'c' ? EventType.CallArrived : EventType.AgentLogout,
            13 => EventType.CallAnswered,
            14 => EventType.CallRetrieved,
            16 => type[0] == (byte)'c' ? EventType.CallTransferred : EventType.SurveyCompleted,
            _ => EventType.None,
        };

        return candidate != EventType.None && type.SequenceEqual(Bytes(candidate)) ? candidate : EventType.None;
    }

    private static ReadOnlySpan<byte> Bytes(EventType type) => type switch
    {
        EventType.CallArrived => "call.arrived"u8,
        EventType.CallQueued => "call.queued"u8,
        EventType.CallAnswered => "call.answered"u8,
        EventType.CallHeld => "call.held"u8,
        EventType.CallRetrieved => "call.retrieved"u8,
        EventType.CallTransferred => "call.transferred"u8,
        EventType.CallEnded => "call.ended"u8,
        EventType.WrapEnded => "wrap.ended"u8,
        EventType.SurveyCompleted => "survey.completed"u8,
        EventType.AgentLogin => "agent.login"u8,
        EventType.AgentState => "agent.state"u8,
        EventType.AgentLogout => "agent.logout"u8,
        _ => default,
    };
}
