using CallMetrics.Core.Events;
using CallMetrics.Core.Snapshots;

namespace CallMetrics.Core.Tests.Snapshots;

/// <summary>Events held in a snapshot (the reorder buffer's) keep every name their type carries, caller and disposition included.</summary>
public sealed class EventCodecTests
{
    [Theory]
    [InlineData(EventType.CallArrived)]
    [InlineData(EventType.CallQueued)]
    [InlineData(EventType.CallTransferred)]
    [InlineData(EventType.WrapEnded)]
    [InlineData(EventType.AgentLogin)]
    [InlineData(EventType.AgentState)]
    public void An_event_read_back_into_a_fresh_table_has_the_same_names(EventType type)
    {
        var symbols = new SymbolTable();
        var e = new CanonicalEvent
        {
            Type = type,
            Timestamp = 1_795_339_590_417_000_000,
            Tenant = symbols.Intern("acme"),
            Call = symbols.Intern("acme\u0001c1"),
            Agent = symbols.Intern("a1"),
            State = AgentChosenState.NotReady,
            Score = 4,
            Outbound = true,
            Id = new EventId(1, 2),
        };
        switch (type)
        {
            case EventType.CallArrived:
                e.CallType = symbols.Intern("billing");
                e.Caller = symbols.Intern("acme\u0001+3120555");
                break;
            case EventType.WrapEnded:
                e.Disposition = symbols.Intern("resolved");
                break;
            case EventType.AgentLogin or EventType.AgentState:
                e.Team = symbols.Intern("blue"); // reads 0 on agent.state, which carries no team
                e.Reason = symbols.Intern("break");
                break;
            default:
                e.Queue = symbols.Intern("sales");
                break;
        }

        var fresh = new SymbolTable();
        var read = RoundTrip(symbols, e, fresh);

        Names(fresh, read).Should().Be(Names(symbols, e));
        (read.Type, read.Timestamp, read.State, read.Score, read.Outbound, read.Id).Should().Be((e.Type, e.Timestamp, e.State, e.Score, e.Outbound, e.Id));
    }

    [Fact]
    public void A_wrap_ended_written_with_a_queue_before_dispositions_were_kept_reads_with_neither()
    {
        var symbols = new SymbolTable();
        using var buffer = new MemoryStream();
        using (var writer = new SnapshotWriter(buffer, symbols))
        {
            // The layout before: type, time, tenant, call, agent, queue, team, reason, call type, state, score, outbound, id.
            writer.Byte((byte)EventType.WrapEnded);
            writer.Long(1);
            writer.Symbol(symbols.Intern("t"));
            writer.Symbol(symbols.Intern("t\u0001c1"));
            writer.Symbol(symbols.Intern("a1"));
            writer.Symbol(symbols.Intern("a queue the message happened to carry"));
            writer.Symbol(0);
            writer.Symbol(0);
            writer.Symbol(0);
            writer.Byte(0);
            writer.Byte(0);
            writer.Bool(false);
            writer.Long(1);
            writer.Long(2);
        }

        buffer.Position = 0;
        using var reader = new SnapshotReader(buffer, new SymbolTable()) { Version = 4 };
        var read = EventCodec.Read(reader);

        (read.Disposition, read.Queue, read.Agent).Should().Be((0, 0, 3));
    }

    private static CanonicalEvent RoundTrip(SymbolTable symbols, in CanonicalEvent e, SymbolTable fresh)
    {
        using var buffer = new MemoryStream();
        using (var writer = new SnapshotWriter(buffer, symbols))
        {
            EventCodec.Write(writer, e);
        }

        buffer.Position = 0;
        using var reader = new SnapshotReader(buffer, fresh);
        return EventCodec.Read(reader);
    }

    private static string Names(SymbolTable symbols, in CanonicalEvent e) => string.Join('|',
        symbols[e.Tenant], symbols[e.Call], symbols[e.Agent], symbols[e.Queue], symbols[e.Team], symbols[e.Reason], symbols[e.CallType],
        symbols[e.Caller], symbols[e.Disposition]);
}
