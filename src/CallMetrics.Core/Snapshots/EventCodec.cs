using CallMetrics.Core.Events;

namespace CallMetrics.Core.Snapshots;

/// <summary>Writes and reads a <see cref="CanonicalEvent"/> in a snapshot.</summary>
/// <remarks>
/// Four name positions, each written for the types that carry it and 0 otherwise: queue (call.queued,
/// call.answered, call.transferred), team (agent.login) or disposition (wrap.ended), reason (agent.login,
/// agent.state) or caller (call.arrived), call type (call.arrived). Disposition and caller took positions that
/// were always 0 for their types, so snapshots written before the event kept them read the same, without them.
/// Engine format 7 adds the caller key at the end; earlier formats read it as 0 (no caller).
/// </remarks>
internal static class EventCodec
{
    /// <summary>The engine format that first holds <see cref="CanonicalEvent.CallerKey"/>.</summary>
    public const int CallerKeyVersion = 7;

    public static void Write(SnapshotWriter writer, in CanonicalEvent e)
    {
        writer.Byte((byte)e.Type);
        writer.Long(e.Timestamp);
        writer.Symbol(e.Tenant);
        writer.Symbol(e.Call);
        writer.Symbol(e.Agent);
        writer.Symbol(e.Queue);
        writer.Symbol(e.Type == EventType.WrapEnded ? e.Disposition : e.Team);
        writer.Symbol(e.Type == EventType.CallArrived ? e.Caller : e.Reason);
        writer.Symbol(e.CallType);
        writer.Byte((byte)e.State);
        writer.Byte(e.Score);
        writer.Bool(e.Outbound);
        writer.Long((long)e.Id.High);
        writer.Long((long)e.Id.Low);
        writer.Long(unchecked((long)e.CallerKey));
    }

    public static CanonicalEvent Read(SnapshotReader reader)
    {
        var e = new CanonicalEvent
        {
            Type = (EventType)reader.Byte(),
            Timestamp = reader.Long(),
            Tenant = reader.Symbol(),
            Call = reader.Symbol(),
            Agent = reader.Symbol(),
        };

        // Names the type does not carry are left out (older snapshots may hold a queue for any type).
        var queue = reader.Symbol();
        var teamOrDisposition = reader.Symbol();
        var reasonOrCaller = reader.Symbol();
        var callType = reader.Symbol();
        switch (e.Type)
        {
            case EventType.CallQueued or EventType.CallAnswered or EventType.CallTransferred:
                e.Queue = queue;
                break;
            case EventType.CallArrived:
                e.Caller = reasonOrCaller;
                e.CallType = callType;
                break;
            case EventType.WrapEnded:
                e.Disposition = teamOrDisposition;
                break;
            case EventType.AgentLogin:
                e.Team = teamOrDisposition;
                e.Reason = reasonOrCaller;
                break;
            case EventType.AgentState:
                e.Reason = reasonOrCaller;
                break;
            default:
                break;
        }

        e.State = (AgentChosenState)reader.Byte();
        e.Score = reader.Byte();
        e.Outbound = reader.Bool();
        e.Id = new EventId((ulong)reader.Long(), (ulong)reader.Long());
        e.CallerKey = reader.Version >= CallerKeyVersion ? unchecked((ulong)reader.Long()) : 0;
        return e;
    }
}
