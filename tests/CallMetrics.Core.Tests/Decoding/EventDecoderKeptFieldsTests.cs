using System.Text;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;

namespace CallMetrics.Core.Tests.Decoding;

/// <summary>
/// The names each type keeps (EVENTS.md's tables): caller and disposition for first-contact resolution and outcomes,
/// the same symbol however a name is written, and names a type does not carry checked but not kept.
/// </summary>
public sealed class EventDecoderKeptFieldsTests
{
    private const string Arrived = "{\"event_id\":\"e1\",\"type\":\"call.arrived\",\"ts\":\"2026-11-22T09:00:05Z\",\"call_id\":\"c1\"";
    private const string WrapEnded = "{\"event_id\":\"e1\",\"type\":\"wrap.ended\",\"ts\":\"2026-11-22T09:00:05Z\",\"call_id\":\"c1\",\"agent_id\":\"a1\"";

    private readonly SymbolTable _symbols = new();

    private DecodeResult Decode(string json, out CanonicalEvent decoded) =>
        new EventDecoder(_symbols) { KeepCallers = true }.Decode(Encoding.UTF8.GetBytes(json), out decoded);

    [Fact]
    public void By_default_a_caller_is_checked_but_not_interned_since_nothing_would_release_it()
    {
        var decoder = new EventDecoder(_symbols);

        decoder.Decode(Encoding.UTF8.GetBytes(Arrived + ",\"caller\":\"+3120555\"}"), out var e).IsOk.Should().BeTrue();
        decoder.Decode(Encoding.UTF8.GetBytes(Arrived + ",\"caller\":7}"), out _).Reason.Should().Be(RejectReason.WrongFieldType);

        e.Caller.Should().Be(0);
        _symbols.TryGet("default\u0001+3120555", out _).Should().BeFalse();
    }

    [Fact]
    public void The_caller_of_call_arrived_is_kept_qualified_by_its_tenant()
    {
        Decode(Arrived + ",\"tenant\":\"acme\",\"caller\":\"+3120555\"}", out var e).IsOk.Should().BeTrue();

        _symbols[e.Caller].Should().Be("acme\u0001+3120555");
        EventDecoder.CallName(_symbols[e.Caller]).Should().Be("+3120555");
    }

    [Fact]
    public void The_same_caller_in_two_tenants_is_two_symbols()
    {
        Decode(Arrived + ",\"tenant\":\"acme\",\"caller\":\"+3120555\"}", out var acme);
        Decode(Arrived + ",\"caller\":\"+3120555\"}", out var other);

        acme.Caller.Should().NotBe(other.Caller);
    }

    [Fact]
    public void The_disposition_of_wrap_ended_is_kept()
    {
        Decode(WrapEnded + ",\"disposition\":\"resolved\"}", out var e).IsOk.Should().BeTrue();

        _symbols[e.Disposition].Should().Be("resolved");
        e.Team.Should().Be(0);
    }

    [Fact]
    public void A_caller_or_disposition_that_is_absent_null_or_empty_is_0()
    {
        Decode(Arrived + ",\"caller\":null}", out var nullCaller);
        Decode(Arrived + ",\"caller\":\"\"}", out var emptyCaller);
        Decode(WrapEnded + "}", out var noDisposition);

        (nullCaller.Caller, emptyCaller.Caller, noDisposition.Disposition).Should().Be((0, 0, 0));
    }

    [Fact]
    public void A_name_given_with_escapes_is_the_symbol_of_the_name_written_plainly()
    {
        Decode(Arrived + ",\"caller\":\"+3120555\",\"call_type\":\"billing\"}", out var plain);
        Decode(Arrived.Replace("\"c1\"", "\"\\u0063\\u0031\"", StringComparison.Ordinal) + ",\"caller\":\"\\u002b3120555\",\"call_type\":\"b\\u0069lling\"}", out var escaped);

        (escaped.Call, escaped.Caller, escaped.CallType).Should().Be((plain.Call, plain.Caller, plain.CallType));
    }

    [Fact]
    public void A_non_ascii_name_given_with_escapes_is_the_symbol_of_the_name_written_plainly()
    {
        Decode("{\"event_id\":\"e1\",\"type\":\"agent.login\",\"ts\":\"2026-11-22T09:00:05Z\",\"agent_id\":\"José 😀\"}", out var plain);
        Decode("{\"event_id\":\"e1\",\"type\":\"agent.login\",\"ts\":\"2026-11-22T09:00:05Z\",\"agent_id\":\"Jos\\u00e9 \\ud83d\\ude00\"}", out var escaped);

        escaped.Agent.Should().Be(plain.Agent);
        _symbols[escaped.Agent].Should().Be("José 😀");
    }

    [Theory]
    [InlineData("caller", "\"+3120555\"")]
    [InlineData("caller", "null")]
    [InlineData("disposition", "\"sale\"")]
    public void A_caller_or_disposition_given_twice_is_rejected_like_any_kept_field(string field, string second)
    {
        var result = Decode(Arrived + $",\"{field}\":\"x\",\"{field}\":{second}}}", out _);

        result.Reason.Should().Be(RejectReason.MalformedJson);
        result.Message.Should().Be($"malformed_json: duplicate field '{field}'");
    }

    [Fact]
    public void To_agent_given_twice_is_still_accepted_since_it_is_not_kept()
    {
        Decode("{\"event_id\":\"e1\",\"type\":\"call.transferred\",\"ts\":\"2026-11-22T09:00:05Z\",\"call_id\":\"c1\",\"agent_id\":\"a1\",\"to_agent\":\"a2\",\"to_agent\":\"a3\"}", out _)
            .IsOk.Should().BeTrue();
    }

    [Fact]
    public void A_caller_or_disposition_ending_in_a_backslash_is_accepted_since_neither_becomes_a_tag()
    {
        Decode(Arrived + ",\"caller\":\"x\\\\\"}", out var arrived).IsOk.Should().BeTrue();
        Decode(WrapEnded + ",\"disposition\":\"y\\\\\"}", out var wrapped).IsOk.Should().BeTrue();

        (EventDecoder.CallName(_symbols[arrived.Caller]), _symbols[wrapped.Disposition]).Should().Be(("x\\", "y\\"));
    }

    [Fact]
    public void A_caller_given_as_a_number_is_rejected_with_the_same_text_as_before_it_was_kept()
    {
        Decode(Arrived + ",\"caller\":3120555}", out _).Message.Should().Be("wrong_field_type: field must be a string, found a number");
    }

    [Fact]
    public void A_caller_of_another_type_is_checked_but_not_kept()
    {
        Decode("{\"event_id\":\"e1\",\"type\":\"call.queued\",\"ts\":\"2026-11-22T09:00:05Z\",\"call_id\":\"c1\",\"queue\":\"q\",\"caller\":\"+31-not-kept\"}", out var e)
            .IsOk.Should().BeTrue();
        Decode("{\"event_id\":\"e2\",\"type\":\"call.queued\",\"ts\":\"2026-11-22T09:00:05Z\",\"call_id\":\"c1\",\"queue\":\"q\",\"caller\":7}", out _)
            .Reason.Should().Be(RejectReason.WrongFieldType);

        e.Caller.Should().Be(0);
        _symbols.TryGet("default\u0001+31-not-kept", out _).Should().BeFalse();
    }

    [Fact]
    public void A_queue_on_an_event_that_carries_none_is_checked_but_not_interned()
    {
        Decode("{\"event_id\":\"e1\",\"type\":\"agent.login\",\"ts\":\"2026-11-22T09:00:05Z\",\"agent_id\":\"a1\",\"team\":\"blue\",\"queue\":\"q-not-kept\"}", out var e)
            .IsOk.Should().BeTrue();
        Decode("{\"event_id\":\"e2\",\"type\":\"agent.login\",\"ts\":\"2026-11-22T09:00:05Z\",\"agent_id\":\"a1\",\"queue\":\"q\\\\\"}", out _)
            .Reason.Should().Be(RejectReason.BadValue);

        (e.Queue, _symbols[e.Team]).Should().Be((0, "blue"));
        _symbols.TryGet("q-not-kept", out _).Should().BeFalse();
    }

    [Fact]
    public void The_queue_of_call_transferred_is_its_to_queue()
    {
        Decode("{\"event_id\":\"e1\",\"type\":\"call.transferred\",\"ts\":\"2026-11-22T09:00:05Z\",\"call_id\":\"c1\",\"agent_id\":\"a1\",\"queue\":\"from\",\"to_queue\":\"vip\"}", out var e)
            .IsOk.Should().BeTrue();

        _symbols[e.Queue].Should().Be("vip");
    }
}
