using System.Text;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;

namespace CallMetrics.Core.Tests.Decoding;

/// <summary>
/// The decoder against <see cref="ReferenceDecoder"/> (EVENTS.md's rules written plainly on JsonDocument), and its
/// fast path against its strict path, over seeded random and mutated messages (<see cref="MessageGenerator"/>).
/// A failure prints the message, so it can become a plain test.
/// </summary>
public sealed class EventDecoderDifferentialTests
{
    private const int Messages = 60_000;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_decoder_and_the_reference_agree_on_the_verdict_the_reason_and_every_field(int seed)
    {
        var symbols = new SymbolTable();
        var decoder = new EventDecoder(symbols) { KeepCallers = true };
        var generator = new MessageGenerator(seed);
        var verdicts = new Dictionary<RejectReason, int>();
        for (var i = 0; i < Messages; i++)
        {
            var message = generator.Next();
            var result = decoder.Decode(message, out var decoded);
            var (reason, expected) = ReferenceDecoder.Decode(message);
            var shown = Show(message);

            result.Reason.Should().Be(reason, $"the reference's verdict on {shown} ({result.Message})");
            if (expected is not null)
            {
                Names(symbols, decoded).Should().Be(expected, $"the reference's decoding of {shown}");
            }

            verdicts[reason] = verdicts.GetValueOrDefault(reason) + 1;
        }

        // The generator must reach the verdicts it is meant to: each in a fair share of the messages.
        verdicts.Keys.Should().Contain([
            RejectReason.None, RejectReason.MalformedJson, RejectReason.NotAnObject, RejectReason.MissingField,
            RejectReason.WrongFieldType, RejectReason.UnknownType, RejectReason.UnknownSchema, RejectReason.BadTimestamp,
            RejectReason.BadState, RejectReason.BadScore, RejectReason.BadValue,
        ]);
        verdicts[RejectReason.None].Should().BeGreaterThan(Messages / 10, $"accepted messages are the point ({string.Join(", ", verdicts)})");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void What_the_scanner_finishes_the_strict_reader_captures_identically(int seed)
    {
        var generator = new MessageGenerator(seed);
        var strict = new StrictReader();
        var finished = 0;
        for (var i = 0; i < Messages; i++)
        {
            var message = generator.Next();
            var fast = default(EventFields);
            if (!CanonicalScanner.TryScan(message, ref fast))
            {
                continue;
            }

            finished++;
            var slow = default(EventFields);
            strict.Read(message, ref slow).IsOk.Should().BeTrue($"the scanner finished {Show(message)}");
            Captured(ref fast).Should().Be(Captured(ref slow), $"both read {Show(message)}");
        }

        finished.Should().BeGreaterThan(Messages / 5, "most canonical messages take the fast path");
    }

    [Fact]
    public void The_fast_path_finishes_canonical_messages_with_or_without_whitespace()
    {
        string[] canonical =
        [
            """{"event_id":"e1","type":"call.arrived","ts":"2026-11-22T09:00:05Z","call_id":"c1","caller":"+3120555","direction":"inbound"}""",
            "{ \"event_id\" : \"e1\" ,\n\t\"type\":\"agent.login\",\r\n\"ts\":\"2026-11-22T09:00:05Z\",\"agent_id\":\"a1\",\"x\":[1,{\"y\":null}]}\r\n",
            """{"event_id":"e1","type":"survey.completed","ts":"2026-11-22T09:00:05Z","call_id":"c1","score":4,"schema":1,"note":-1.5e3}""",
        ];

        foreach (var json in canonical)
        {
            var fields = default(EventFields);
            CanonicalScanner.TryScan(Encoding.UTF8.GetBytes(json), ref fields).Should().BeTrue(json);
        }
    }

    private static ReferenceEvent Names(SymbolTable symbols, in CanonicalEvent e) => new(
        e.Type.WireName(),
        e.Timestamp,
        symbols[e.Tenant],
        symbols[e.Call],
        symbols[e.Agent],
        symbols[e.Queue],
        symbols[e.Team],
        symbols[e.Reason],
        symbols[e.CallType],
        symbols[e.Caller],
        symbols[e.Disposition],
        e.State,
        e.Score,
        e.Outbound,
        e.Id);

    private static string Captured(ref EventFields f)
    {
        static string T(ReadOnlySpan<byte> value) => Convert.ToHexString(value);
        return string.Join('|', T(f.EventId), T(f.Type), T(f.Ts), T(f.Tenant), T(f.CallId), T(f.AgentId), T(f.Queue), T(f.ToQueue), T(f.Team),
            T(f.State), T(f.Reason), T(f.Direction), T(f.CallType), T(f.Caller), T(f.Disposition), f.HasSchema, f.Schema, f.HasScore, f.Score);
    }

    private static string Show(byte[] message) => message.Length > 600 ? $"{message.Length} bytes: {Convert.ToBase64String(message)}" : Convert.ToBase64String(message);
}
