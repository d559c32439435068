using System.Text;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;

namespace CallMetrics.Core.Tests.Decoding;

/// <summary>
/// EVENTS.md "Bad input" against deliberately hostile messages: every one is rejected with a reason, none
/// throws, none is accepted by accident.
/// </summary>
public sealed class EventDecoderHostileInputTests
{
    private const string Login = "{\"event_id\":\"e1\",\"type\":\"agent.login\",\"ts\":\"2026-11-22T09:00:05Z\",\"agent_id\":\"a1\"";

    private readonly EventDecoder _decoder = new(new SymbolTable());

    private DecodeResult Decode(byte[] json) => _decoder.Decode(json, out _);

    private DecodeResult Decode(string json) => Decode(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Nesting_deeper_than_64_in_an_ignored_field_is_rejected_as_malformed_json()
    {
        var json = Login + ",\"extra\":" + new string('[', 65) + new string(']', 65) + "}";

        Decode(json).Reason.Should().Be(RejectReason.MalformedJson);
    }

    [Fact]
    public void Nesting_of_a_hundred_thousand_levels_is_rejected_without_a_stack_overflow()
    {
        var json = Login + ",\"extra\":" + string.Concat(Enumerable.Repeat("{\"a\":", 100_000)) + "1" + new string('}', 100_001);

        Decode(json).Reason.Should().Be(RejectReason.MalformedJson);
    }

    [Fact]
    public void Nesting_up_to_the_limit_in_an_ignored_field_is_accepted()
    {
        var json = Login + ",\"extra\":" + new string('[', 60) + new string(']', 60) + "}";

        Decode(json).IsOk.Should().BeTrue();
    }

    [Fact]
    public void A_message_larger_than_1_MiB_is_rejected_as_too_large()
    {
        var json = Login + ",\"extra\":\"" + new string('x', EventDecoder.MaxMessageBytes) + "\"}";

        var result = Decode(json);

        result.Reason.Should().Be(RejectReason.TooLarge);
        result.Message.Should().Contain("1048576");
    }

    [Theory]
    [InlineData("agent_id")]
    [InlineData("team")]
    [InlineData("tenant")]
    [InlineData("reason")]
    [InlineData("event_id")]
    public void A_huge_string_in_a_name_is_rejected_as_bad_value(string field)
    {
        var fields = new Dictionary<string, string> { ["event_id"] = "e1", ["type"] = "agent.login", ["ts"] = "2026-11-22T09:00:05Z", ["agent_id"] = "a1" };
        fields[field] = new string('x', 500_000);
        var json = "{" + string.Join(",", fields.Select(f => $"\"{f.Key}\":\"{f.Value}\"")) + "}";

        Decode(json).Reason.Should().Be(RejectReason.BadValue);
    }

    [Fact]
    public void A_huge_escaped_string_that_unescapes_to_more_than_1024_bytes_is_rejected_as_bad_value()
    {
        var json = Login.Replace("\"a1\"", "\"" + string.Concat(Enumerable.Repeat("\\u00e9", 600)) + "\"", StringComparison.Ordinal) + "}";

        Decode(json).Reason.Should().Be(RejectReason.BadValue);
    }

    [Fact]
    public void A_huge_string_in_ts_is_rejected()
    {
        var json = "{\"event_id\":\"e1\",\"type\":\"agent.login\",\"agent_id\":\"a1\",\"ts\":\"2026-11-22T09:00:05" + new string('0', 200_000) + "Z\"}";

        Decode(json).IsOk.Should().BeFalse();
    }

    [Theory]
    [InlineData(0xFF)]
    [InlineData(0xC0)]
    [InlineData(0x80)]
    public void Invalid_utf8_in_an_ignored_field_is_rejected_as_malformed_json(byte bad)
    {
        var bytes = Encoding.UTF8.GetBytes(Login + ",\"caller\":\"xyz\",\"extra\":\"xyz\"}");
        bytes[Array.LastIndexOf(bytes, (byte)'y')] = bad;

        Decode(bytes).Reason.Should().Be(RejectReason.MalformedJson);
    }

    [Fact]
    public void Invalid_utf8_in_a_property_name_is_rejected_as_malformed_json()
    {
        var bytes = Encoding.UTF8.GetBytes(Login + ",\"exyra\":1}");
        bytes[Array.LastIndexOf(bytes, (byte)'y')] = 0xFE;

        Decode(bytes).Reason.Should().Be(RejectReason.MalformedJson);
    }

    [Fact]
    public void Invalid_utf8_in_a_name_is_rejected_as_malformed_json()
    {
        var bytes = Encoding.UTF8.GetBytes(Login + "}");
        bytes[Array.LastIndexOf(bytes, (byte)'1')] = 0xFF;

        Decode(bytes).Reason.Should().Be(RejectReason.MalformedJson);
    }

    [Theory]
    [InlineData("\\ud800")]
    [InlineData("\\udfff")]
    [InlineData("a\\ud83d")]
    public void A_lone_surrogate_escape_in_a_name_is_rejected(string escaped)
    {
        var json = Login.Replace("\"a1\"", "\"" + escaped + "\"", StringComparison.Ordinal) + "}";

        Decode(json).IsOk.Should().BeFalse();
    }

    [Theory]
    [InlineData("a\\nb")]
    [InlineData("a\\rb")]
    [InlineData("a\\tb")]
    [InlineData("a\\u0000b")]
    [InlineData("\\u001f")]
    [InlineData("a\\u007f")]
    public void An_escaped_control_character_in_a_name_is_rejected_as_bad_value(string escaped)
    {
        var json = Login.Replace("\"a1\"", "\"" + escaped + "\"", StringComparison.Ordinal) + "}";

        Decode(json).Reason.Should().Be(RejectReason.BadValue);
    }

    [Fact]
    public void A_raw_control_character_inside_a_string_is_rejected_as_malformed_json()
    {
        Decode(Login.Replace("\"a1\"", "\"a\nb\"", StringComparison.Ordinal) + "}").Reason.Should().Be(RejectReason.MalformedJson);
    }

    [Theory]
    [InlineData("agent_id", "\"a2\"")]
    [InlineData("agent_id", "null")]
    [InlineData("type", "\"agent.logout\"")]
    [InlineData("ts", "\"2026-11-22T09:00:06Z\"")]
    [InlineData("event_id", "\"e2\"")]
    public void A_known_field_given_twice_is_rejected_as_malformed_json(string field, string second)
    {
        var result = Decode(Login + ",\"" + field + "\":" + second + "}");

        result.Reason.Should().Be(RejectReason.MalformedJson);
        result.Message.Should().Contain("duplicate").And.Contain(field);
    }

    [Fact]
    public void An_unknown_field_given_twice_is_ignored_like_any_unknown_field()
    {
        Decode(Login + ",\"extra\":1,\"extra\":2}").IsOk.Should().BeTrue();
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e999")]
    [InlineData("4.0")]
    [InlineData("4e0")]
    [InlineData("04")]
    [InlineData("0x4")]
    [InlineData("99999999999999999999")]
    [InlineData("\"4\"")]
    [InlineData("true")]
    public void A_score_that_is_not_a_plain_integer_is_rejected(string score)
    {
        var json = "{\"event_id\":\"e1\",\"type\":\"survey.completed\",\"ts\":\"2026-11-22T09:00:05Z\",\"call_id\":\"c1\",\"score\":" + score + "}";

        Decode(json).IsOk.Should().BeFalse();
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1.5")]
    [InlineData("1e999")]
    public void A_schema_that_is_not_an_integer_is_rejected(string schema)
    {
        Decode(Login + ",\"schema\":" + schema + "}").IsOk.Should().BeFalse();
    }

    [Fact]
    public void A_byte_order_mark_before_the_object_is_rejected_as_malformed_json()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Login + "}")];

        Decode(bytes).Reason.Should().Be(RejectReason.MalformedJson);
    }

    [Theory]
    [InlineData("}x")]
    [InlineData("}}")]
    [InlineData("}{}")]
    [InlineData("},")]
    [InlineData("} null")]
    [InlineData("}\u0000")]
    public void Garbage_after_the_object_is_rejected_as_malformed_json(string tail)
    {
        Decode(Login + tail).Reason.Should().Be(RejectReason.MalformedJson);
    }

    [Fact]
    public void Whitespace_after_the_object_is_accepted()
    {
        Decode(Login + "} \r\n\t").IsOk.Should().BeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\r\n")]
    public void An_empty_message_is_rejected_as_malformed_json(string json)
    {
        var result = Decode(json);

        result.Reason.Should().Be(RejectReason.MalformedJson);
        result.Message.Should().Contain("empty");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[" + "{\"event_id\":\"e1\",\"type\":\"agent.login\",\"ts\":\"2026-11-22T09:00:05Z\",\"agent_id\":\"a1\"}" + "]")]
    [InlineData("true")]
    public void A_json_array_or_scalar_is_rejected_as_not_an_object(string json)
    {
        Decode(json).Reason.Should().Be(RejectReason.NotAnObject);
    }

    [Theory]
    [InlineData("{\"event_id\":\"e1\",\"type\":\"agent.login\",\"ts\":\"2026-11-22T09:00:05Z\",\"agent_id\":\"a1\",}")]
    [InlineData("{\"event_id\":\"e1\",\"type\":\"agent.login\",\"ts\":\"2026-11-22T09:00:05Z\",\"agent_id\":\"a1\" /* c */}")]
    [InlineData("{\"event_id\":\"e1\",\"type\":\"agent.login\",\"ts\":\"2026-11-22T09:00:05Z\",\"agent_id\":\"a1\"")]
    [InlineData("{\"event_id\":\"e1\",\"type\":\"agent.login\",\"ts\":\"2026-11-22T09:00:05Z\",\"agent_id\":")]
    [InlineData("{\"event_id\":\"e1\",\"type\":\"agent.login\",\"ts\":\"2026-11-22T09:00:05Z\",\"agent_id\"")]
    [InlineData("{\"event_id\":\"e1\",\"type\":\"agent.login\",\"ts\":\"2026-11-22T09:00:05Z\",\"agent_id\":\"a1")]
    [InlineData("{\"event_id\":\"e1\",\"type\":\"agent.login\",\"ts\":\"2026-11-22T09:00:05Z\",\"agent_id\":\"a1\\")]
    public void Truncated_or_lenient_json_is_rejected_as_malformed_json(string json)
    {
        Decode(json).Reason.Should().Be(RejectReason.MalformedJson);
    }

    [Theory]
    [InlineData("a\\\\")]
    [InlineData("a\\\\\\\\")]
    [InlineData("\\\\")]
    public void A_tag_name_ending_in_a_backslash_is_rejected_as_bad_value(string escaped)
    {
        var result = Decode(Login.Replace("\"a1\"", "\"" + escaped + "\"", StringComparison.Ordinal) + "}");

        result.Reason.Should().Be(RejectReason.BadValue);
        result.Message.Should().Contain("agent_id").And.Contain("backslash");
    }

    [Theory]
    [InlineData("agent.login", "team")]
    [InlineData("agent.login", "tenant")]
    [InlineData("call.queued", "queue")]
    [InlineData("call.answered", "queue")]
    [InlineData("call.transferred", "to_queue")]
    public void Every_name_that_becomes_a_tag_rejects_a_trailing_backslash(string type, string field)
    {
        var json = $"{{\"event_id\":\"e1\",\"type\":\"{type}\",\"ts\":\"2026-11-22T09:00:05Z\",\"call_id\":\"c1\",\"agent_id\":\"a1\",\"{field}\":\"x\\\\\"}}";

        Decode(json).Reason.Should().Be(RejectReason.BadValue);
    }

    [Theory]
    [InlineData("a\\\\b")]
    [InlineData("a\\\\,b")]
    [InlineData("\\\\ x")]
    [InlineData("a\\\\=b")]
    [InlineData("a,b=c d\\\"e'f")]
    public void A_tag_name_with_backslashes_inside_is_accepted(string escaped)
    {
        Decode(Login.Replace("\"a1\"", "\"" + escaped + "\"", StringComparison.Ordinal) + "}").IsOk.Should().BeTrue();
    }

    [Fact]
    public void An_event_id_or_call_id_ending_in_a_backslash_is_accepted_since_it_never_becomes_a_tag()
    {
        var json = "{\"event_id\":\"e1\\\\\",\"type\":\"call.arrived\",\"ts\":\"2026-11-22T09:00:05Z\",\"call_id\":\"c1\\\\\"}";

        Decode(json).IsOk.Should().BeTrue();
    }

    [Fact]
    public void Random_bytes_and_random_mutations_of_a_valid_event_never_throw()
    {
        var random = new Random(20261122);
        var valid = Encoding.UTF8.GetBytes("{\"event_id\":\"e1\",\"type\":\"call.answered\",\"ts\":\"2026-11-22T09:00:05.250+01:00\",\"call_id\":\"c1\",\"agent_id\":\"a1\",\"queue\":\"sales\",\"tenant\":\"t\",\"extra\":[1,{\"x\":null}]}");
        for (var i = 0; i < 50_000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(0, 200)];
                random.NextBytes(input);
            }
            else
            {
                input = (byte[])valid.Clone();
                for (int flips = random.Next(1, 4), f = 0; f < flips; f++)
                {
                    input[random.Next(input.Length)] ^= (byte)(1 << random.Next(8));
                }

                input = input[..random.Next(input.Length / 2, input.Length + 1)];
            }

            var act = () => _decoder.Decode(input, out _);

            act.Should().NotThrow($"input {Convert.ToBase64String(input)}");
        }
    }
}
