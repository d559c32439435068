using System.Text;
using System.Text.Json.Nodes;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Core.Tests.Decoding;

/// <summary>EVENTS.md "Envelope", the event tables and "Bad input".</summary>
public sealed class EventDecoderTests
{
    private static readonly long Nine0005 = Scenario.Create().Nanos("09:00:05");

    private readonly SymbolTable _symbols = new();

    public static TheoryData<string> AllTypes() =>
    [
        "call.arrived", "call.queued", "call.answered", "call.held", "call.retrieved", "call.transferred", "call.ended",
        "wrap.ended", "survey.completed", "agent.login", "agent.state", "agent.logout",
    ];

    /// <summary>A valid event of <paramref name="type"/> with every field it requires (and nothing else).</summary>
    private static JsonObject Valid(string type)
    {
        var json = new JsonObject { ["event_id"] = "e1", ["type"] = type, ["ts"] = "2026-11-22T09:00:05Z" };
        if (type.StartsWith("call.", StringComparison.Ordinal) || type is "wrap.ended" or "survey.completed")
        {
            json["call_id"] = "c1";
        }

        if (type is "call.answered" or "call.held" or "call.retrieved" or "call.transferred" or "wrap.ended" || type.StartsWith("agent.", StringComparison.Ordinal))
        {
            json["agent_id"] = "a1";
        }

        switch (type)
        {
            case "call.queued": json["queue"] = "sales"; break;
            case "survey.completed": json["score"] = 4; break;
            case "agent.state": json["state"] = "available"; break;
            default: break;
        }

        return json;
    }

    private DecodeResult Decode(string json, out CanonicalEvent decoded) =>
        new EventDecoder(_symbols).Decode(Encoding.UTF8.GetBytes(json), out decoded);

    private DecodeResult Decode(JsonObject json, out CanonicalEvent decoded) => Decode(json.ToJsonString(), out decoded);

    private DecodeResult Decode(JsonObject json) => Decode(json, out _);

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Decode_every_type_with_its_required_fields_is_accepted(string type)
    {
        Decode(Valid(type)).IsOk.Should().BeTrue();
    }

    [Fact]
    public void Decode_fills_the_event_from_the_fields()
    {
        var json = Valid("call.answered");
        json["queue"] = "vip";
        json["tenant"] = "acme";

        Decode(json, out var e).IsOk.Should().BeTrue();

        e.Type.Should().Be(EventType.CallAnswered);
        e.Timestamp.Should().Be(Nine0005);
        _symbols[e.Tenant].Should().Be("acme");
        EventDecoder.CallName(_symbols[e.Call]).Should().Be("c1", "call ids are interned qualified by their tenant");
        _symbols[e.Agent].Should().Be("a1");
        _symbols[e.Queue].Should().Be("vip");
    }

    [Fact]
    public void Decode_without_tenant_uses_the_default_tenant()
    {
        Decode(Valid("call.arrived"), out var e);

        _symbols[e.Tenant].Should().Be("default");
    }

    [Theory]
    [InlineData("{\"event_id\":\"e1\",")]
    [InlineData("not json")]
    [InlineData("{\"event_id\":\"e1\" \"type\":\"call.arrived\"}")]
    [InlineData("{\"event_id\":\"e1\",\"type\":\"call.arrived\",\"ts\":\"2026-11-22T09:00:05Z\",\"call_id\":\"c1\"} trailing")]
    [InlineData("{'event_id':'e1'}")]
    public void Decode_malformed_json_is_rejected_as_malformed_json(string json)
    {
        Decode(json, out _).Reason.Should().Be(RejectReason.MalformedJson);
    }

    [Fact]
    public void Decode_invalid_utf8_is_rejected_as_malformed_json()
    {
        var bytes = Encoding.UTF8.GetBytes(Valid("call.arrived").ToJsonString().Replace("c1", "c\u00e9", StringComparison.Ordinal));
        var index = Array.IndexOf(bytes, (byte)0xC3);
        bytes[index] = 0xFF;

        new EventDecoder(_symbols).Decode(bytes, out _).Reason.Should().Be(RejectReason.MalformedJson);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"call.arrived\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void Decode_json_that_is_not_an_object_is_rejected_as_not_an_object(string json)
    {
        Decode(json, out _).Reason.Should().Be(RejectReason.NotAnObject);
    }

    [Theory]
    [InlineData("call.arrived", "event_id")]
    [InlineData("call.arrived", "type")]
    [InlineData("call.arrived", "ts")]
    [InlineData("agent.login", "event_id")]
    [InlineData("call.arrived", "call_id")]
    [InlineData("call.queued", "call_id")]
    [InlineData("call.answered", "call_id")]
    [InlineData("call.held", "call_id")]
    [InlineData("call.retrieved", "call_id")]
    [InlineData("call.transferred", "call_id")]
    [InlineData("call.ended", "call_id")]
    [InlineData("wrap.ended", "call_id")]
    [InlineData("survey.completed", "call_id")]
    [InlineData("call.queued", "queue")]
    [InlineData("call.answered", "agent_id")]
    [InlineData("call.held", "agent_id")]
    [InlineData("call.retrieved", "agent_id")]
    [InlineData("call.transferred", "agent_id")]
    [InlineData("wrap.ended", "agent_id")]
    [InlineData("survey.completed", "score")]
    [InlineData("agent.login", "agent_id")]
    [InlineData("agent.state", "agent_id")]
    [InlineData("agent.logout", "agent_id")]
    public void Decode_missing_required_field_is_rejected_as_missing_field(string type, string field)
    {
        var json = Valid(type);
        json.Remove(field);

        Decode(json).Reason.Should().Be(RejectReason.MissingField);
    }

    [Theory]
    [InlineData("call.arrived", "event_id")]
    [InlineData("call.arrived", "type")]
    [InlineData("call.arrived", "ts")]
    [InlineData("call.queued", "call_id")]
    [InlineData("call.queued", "queue")]
    [InlineData("call.answered", "agent_id")]
    [InlineData("agent.logout", "agent_id")]
    public void Decode_required_field_null_counts_as_absent(string type, string field)
    {
        var json = Valid(type);
        json[field] = null;

        Decode(json).Reason.Should().Be(RejectReason.MissingField);
    }

    [Theory]
    [InlineData("call.arrived", "event_id")]
    [InlineData("call.arrived", "type")]
    [InlineData("call.arrived", "ts")]
    [InlineData("call.queued", "call_id")]
    [InlineData("call.queued", "queue")]
    [InlineData("call.answered", "agent_id")]
    [InlineData("agent.logout", "agent_id")]
    public void Decode_required_field_empty_string_counts_as_absent(string type, string field)
    {
        var json = Valid(type);
        json[field] = "";

        Decode(json).Reason.Should().Be(RejectReason.MissingField);
    }

    [Fact]
    public void Decode_optional_fields_null_or_empty_count_as_absent()
    {
        var json = Valid("call.answered");
        json["tenant"] = "";
        json["queue"] = null;

        Decode(json, out var e).IsOk.Should().BeTrue();

        _symbols[e.Tenant].Should().Be("default");
        e.Queue.Should().Be(0);
    }

    [Fact]
    public void Decode_login_with_null_team_has_no_team()
    {
        var json = Valid("agent.login");
        json["team"] = null;

        Decode(json, out var e).IsOk.Should().BeTrue();

        e.Team.Should().Be(0);
    }

    [Theory]
    [InlineData("call.parked")]
    [InlineData("CALL.ARRIVED")]
    [InlineData("agent")]
    public void Decode_unknown_type_is_rejected_as_unknown_type(string type)
    {
        var json = Valid("call.arrived");
        json["type"] = type;

        Decode(json).Reason.Should().Be(RejectReason.UnknownType);
    }

    [Fact]
    public void Decode_schema_2_is_rejected_as_unknown_schema()
    {
        var json = Valid("call.arrived");
        json["schema"] = 2;

        Decode(json).Reason.Should().Be(RejectReason.UnknownSchema);
    }

    [Fact]
    public void Decode_schema_1_is_accepted()
    {
        var json = Valid("call.arrived");
        json["schema"] = 1;

        Decode(json).IsOk.Should().BeTrue();
    }

    [Theory]
    [InlineData("2026-11-22T09:00:05")]
    [InlineData("2026-11-22T09:00:05.250")]
    public void Decode_ts_without_offset_is_rejected_as_bad_timestamp(string ts)
    {
        var json = Valid("call.arrived");
        json["ts"] = ts;

        Decode(json).Reason.Should().Be(RejectReason.BadTimestamp);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-13-22T09:00:05Z")]
    [InlineData("2026-11-22 09:00")]
    [InlineData("1795338005")]
    public void Decode_ts_that_does_not_parse_is_rejected_as_bad_timestamp(string ts)
    {
        var json = Valid("call.arrived");
        json["ts"] = ts;

        Decode(json).Reason.Should().Be(RejectReason.BadTimestamp);
    }

    [Fact]
    public void Decode_ts_as_a_number_is_rejected()
    {
        var json = Valid("call.arrived");
        json["ts"] = 1795338005;

        Decode(json).IsOk.Should().BeFalse();
    }

    [Fact]
    public void Decode_ts_with_digits_beyond_nanoseconds_is_truncated()
    {
        var json = Valid("call.arrived");
        json["ts"] = "2026-11-22T09:00:05.1234567899Z";

        Decode(json, out var e).IsOk.Should().BeTrue();

        e.Timestamp.Should().Be(Nine0005 + 123_456_789);
    }

    [Fact]
    public void Decode_ts_without_fraction_is_accepted()
    {
        Decode(Valid("call.arrived"), out var e).IsOk.Should().BeTrue();

        e.Timestamp.Should().Be(Nine0005);
    }

    [Fact]
    public void Decode_ts_with_an_offset_is_converted_to_utc()
    {
        var json = Valid("call.arrived");
        json["ts"] = "2026-11-22T11:00:05.250+02:00";

        Decode(json, out var e).IsOk.Should().BeTrue();

        e.Timestamp.Should().Be(Nine0005 + 250_000_000);
    }

    [Theory]
    [InlineData("agent.login", "busy")]
    [InlineData("agent.login", "Available")]
    [InlineData("agent.state", "on_call")]
    [InlineData("agent.state", "notready")]
    public void Decode_state_other_than_available_or_not_ready_is_rejected_as_bad_state(string type, string state)
    {
        var json = Valid(type);
        json["state"] = state;

        Decode(json).Reason.Should().Be(RejectReason.BadState);
    }

    [Theory]
    [InlineData("agent.login", "not_ready", AgentChosenState.NotReady)]
    [InlineData("agent.login", "available", AgentChosenState.Available)]
    [InlineData("agent.state", "not_ready", AgentChosenState.NotReady)]
    public void Decode_state_is_read(string type, string state, AgentChosenState expected)
    {
        var json = Valid(type);
        json["state"] = state;

        Decode(json, out var e).IsOk.Should().BeTrue();

        e.State.Should().Be(expected);
    }

    [Fact]
    public void Decode_login_without_state_is_available()
    {
        Decode(Valid("agent.login"), out var e).IsOk.Should().BeTrue();

        e.State.Should().Be(AgentChosenState.Available);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("6")]
    [InlineData("4.5")]
    [InlineData("-1")]
    public void Decode_score_outside_1_to_5_or_not_whole_is_rejected_as_bad_score(string score)
    {
        var json = Valid("survey.completed");
        json["score"] = JsonNode.Parse(score);

        Decode(json).Reason.Should().Be(RejectReason.BadScore);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Decode_score_at_the_ends_of_1_to_5_is_accepted(int score)
    {
        var json = Valid("survey.completed");
        json["score"] = score;

        Decode(json, out var e).IsOk.Should().BeTrue();

        e.Score.Should().Be((byte)score);
    }

    [Theory]
    [InlineData("call.arrived", "event_id")]
    [InlineData("call.arrived", "call_id")]
    [InlineData("call.answered", "agent_id")]
    [InlineData("call.queued", "queue")]
    [InlineData("call.arrived", "tenant")]
    [InlineData("agent.login", "team")]
    public void Decode_id_or_name_given_as_a_number_is_rejected(string type, string field)
    {
        var json = Valid(type);
        json[field] = 42;

        Decode(json).IsOk.Should().BeFalse();
    }

    [Fact]
    public void Decode_unknown_extra_fields_are_ignored_even_nested_objects_and_arrays()
    {
        var json = Valid("call.queued");
        json["x_vendor"] = new JsonObject { ["deep"] = new JsonArray(1, new JsonObject { ["queue"] = "wrong" }, null), ["ts"] = "bad" };
        json["flags"] = new JsonArray(true, false);
        json["note"] = null;
        json["priority"] = 3.5;

        Decode(json, out var e).IsOk.Should().BeTrue();

        _symbols[e.Queue].Should().Be("sales");
        e.Timestamp.Should().Be(Nine0005);
    }

    [Fact]
    public void Decode_known_optional_fields_of_other_events_are_ignored()
    {
        var json = Valid("call.arrived");
        json["caller"] = "+3120555";
        json["direction"] = "outbound";
        json["disposition"] = "sale";
        json["reason"] = "lunch";

        Decode(json, out var e).IsOk.Should().BeTrue();

        e.Outbound.Should().BeTrue();
    }

    [Fact]
    public void Decode_field_order_does_not_matter()
    {
        Decode("""{"queue":"sales","ts":"2026-11-22T09:00:05Z","call_id":"c1","type":"call.queued","event_id":"e1"}""", out var e)
            .IsOk.Should().BeTrue();

        e.Type.Should().Be(EventType.CallQueued);
    }

    [Fact]
    public void Replay_rejected_lines_are_reported_with_their_line_number_and_reason_and_blank_lines_are_skipped()
    {
        var valid = Valid("call.arrived").ToJsonString();
        var badScore = Valid("survey.completed");
        badScore["event_id"] = "e2";
        badScore["score"] = 9;

        var replayer = Replayer.Run([valid, "", "   ", "not json", badScore.ToJsonString()]);

        replayer.Rejected.Select(r => r.Line).Should().Equal(4, 5);
        replayer.Rejected[0].Reason.Should().StartWith("malformed_json");
        replayer.Rejected[1].Reason.Should().StartWith("bad_score");
        replayer.Engine.Counters.Accepted.Should().Be(1);
    }

    [Theory]
    [InlineData("call.transferred", "to_queue")]
    [InlineData("call.transferred", "to_agent")]
    [InlineData("agent.state", "reason")]
    [InlineData("call.arrived", "call_type")]
    [InlineData("call.arrived", "caller")]
    public void Decode_optional_id_or_name_given_as_a_number_is_rejected(string type, string field)
    {
        var json = Valid(type);
        json[field] = 42;

        Decode(json).IsOk.Should().BeFalse();
    }

    [Theory]
    [InlineData("true")]
    [InlineData("{\"id\":\"e1\"}")]
    [InlineData("[\"e1\"]")]
    public void Decode_event_id_that_is_not_a_string_is_rejected(string value)
    {
        var json = Valid("call.arrived");
        json["event_id"] = JsonNode.Parse(value);

        Decode(json).IsOk.Should().BeFalse();
    }
}
