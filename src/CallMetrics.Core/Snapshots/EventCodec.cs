using CallMetrics.Core.Events;

namespace CallMetrics.Core.Snapshots;

/// <summary>Writes and reads a <see cref="CanonicalEvent"/> in a snapshot.</summary>
internal static class EventCodec
{
    public static void Write(SnapshotWriter writer, in CanonicalEvent e)
    {
        writer.Byte((byte)e.Type);
        writer.Long(e.Timestamp);
        writer.Symbol(e.Tenant);
        writer.Symbol(e.Call);
        writer.Symbol(e.Agent);
        writer.Symbol(e.Queue);
        writer.Symbol(e.Team);
        writer.Symbol(e.Reason);
        writer.Symbol(e.CallType);
        writer.Byte((byte)e.State);
        writer.Byte(e.Score);
        writer.Bool(e.Outbound);
        writer.Long((long)e.Id.High);
        writer.Long((long)e.Id.Low);
    }

    public static CanonicalEvent Read(SnapshotReader reader) => new()
    {
        Type = (EventType)reader.Byte(),
        Timestamp = reader.Long(),
        Tenant = reader.Symbol(),
        Call = reader.Symbol(),
        Agent = reader.Symbol(),
        Queue = reader.Symbol(),
        Team = reader.Symbol(),
        Reason = reader.Symbol(),
        CallType = reader.Symbol(),
        State = (AgentChosenState)reader.Byte(),
        Score = reader.Byte(),
        Outbound = reader.Bool(),
        Id = new EventId((ulong)reader.Long(), (ulong)reader.Long()),
    };
}
