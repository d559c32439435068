namespace CallMetrics.Benchmarks.Peers.KafkaStreams;

/// <summary>The per-call store's values (and its changelog's): the open visit, the legs, the latest completions.</summary>
internal sealed class CallAggregateSerDes : BinarySerDes<CallAggregate>
{
    protected override CallAggregate Read(BinaryReader reader)
    {
        var visitQueue = ReadNullable(reader);
        var visitStart = reader.ReadInt64();
        var ended = reader.ReadBoolean();
        var legs = new List<CallLeg>(reader.ReadByte());
        for (var i = legs.Capacity; i > 0; i--)
        {
            legs.Add(new CallLeg(reader.ReadString(), reader.ReadInt64(), reader.ReadInt64()));
        }

        var completed = new List<Outcome>(reader.ReadByte());
        for (var i = completed.Capacity; i > 0; i--)
        {
            completed.Add(new Outcome((OutcomeKind)reader.ReadByte(), reader.ReadString(), reader.ReadInt64(), reader.ReadInt64()));
        }

        return new CallAggregate(CallFold.Restore(visitQueue, visitStart, ended, legs), completed);
    }

    protected override void Write(BinaryWriter writer, CallAggregate value)
    {
        var call = value.Call;
        WriteNullable(writer, call.VisitQueue);
        writer.Write(call.VisitStartMs);
        writer.Write(call.Ended);
        writer.Write(checked((byte)call.Legs.Count));
        foreach (var leg in call.Legs)
        {
            writer.Write(leg.Agent);
            writer.Write(leg.AnsweredMs);
            writer.Write(leg.ConnectionEndMs);
        }

        writer.Write(checked((byte)value.Completed.Count));
        foreach (var outcome in value.Completed)
        {
            writer.Write((byte)outcome.Kind);
            writer.Write(outcome.Key);
            writer.Write(outcome.AtMs);
            writer.Write(outcome.HandleMs);
        }
    }
}
