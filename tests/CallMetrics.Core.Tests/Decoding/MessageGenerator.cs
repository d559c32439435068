using System.Globalization;
using System.Text;

namespace CallMetrics.Core.Tests.Decoding;

/// <summary>
/// Seeded random messages for differential tests: canonical events of every type with optional, null, empty,
/// escaped, non-ASCII, over-long, control-character and trailing-backslash values, unknown members of every JSON
/// kind, any member order and whitespace; and mutations of them (bytes flipped, deleted, inserted, truncated,
/// members repeated, values of another kind, a BOM, a comment, a trailing comma, garbage after the object).
/// </summary>
internal sealed class MessageGenerator(int seed)
{
    private static readonly string[] Types =
    [
        "call.arrived", "call.queued", "call.answered", "call.held", "call.retrieved", "call.transferred", "call.ended",
        "wrap.ended", "survey.completed", "agent.login", "agent.state", "agent.logout",
    ];

    private static readonly string[] Names =
    [
        "a1", "agent-7", "sales", "blue", "c-42", "José", "名前", "😀 smile", "a,b=c d", "x\\y", "+3120555", "resolved",
        "break", "lunch", "available", "not_ready", "inbound", "outbound", "default", "t2", "a\u007fb",
    ];

    private static readonly string[] Timestamps =
    [
        "2026-11-22T09:00:05Z", "2026-11-22T09:00:05.250Z", "2026-11-22t09:00:05.123456789012z", "2026-11-22 09:00:05+01:00",
        "2026-11-22T09:00:05-05:30", "2026-11-22T09:00:05", "2026-02-30T09:00:05Z", "2026-11-22T24:00:00Z", "yesterday",
        "1600-01-01T00:00:00Z", "2026-11-22T09:00:60Z",
    ];

    private static readonly string[] Fields =
    [
        "event_id", "type", "ts", "tenant", "schema", "call_id", "agent_id", "queue", "to_queue", "team", "state", "reason",
        "score", "direction", "call_type", "to_agent", "caller", "disposition",
    ];

    private static readonly string[] Values =
    [
        "42", "-1", "1.5", "4.0", "4e0", "1e999", "99999999999", "-0", "true", "false", "null", "[]", "{}", "[1,{\"a\":[null]}]",
        "{\"queue\":\"x\",\"ts\":1}", "\"\"", "\"text\"",
    ];

    private readonly Random _random = new(seed);

    /// <summary>A message: a canonical event, mutated half of the time.</summary>
    public byte[] Next()
    {
        var json = Event();
        return _random.Next(2) == 0 ? Encoding.UTF8.GetBytes(json) : Mutate(json);
    }

    private string Event()
    {
        var type = _random.Next(20) == 0 ? "call.teleported" : Types[_random.Next(Types.Length)];
        var members = new List<(string Name, string Value)>
        {
            ("event_id", Text("e" + _random.Next(1_000_000).ToString(CultureInfo.InvariantCulture))),
            ("type", Text(type)),
            ("ts", Text(Timestamps[_random.Next(4) == 0 ? _random.Next(Timestamps.Length) : _random.Next(5)])),
        };

        void Maybe(int percent, string name, Func<string> value)
        {
            if (_random.Next(100) < percent)
            {
                members.Add((name, value()));
            }
        }

        var call = type.StartsWith("call.", StringComparison.Ordinal) || type is "wrap.ended" or "survey.completed";
        Maybe(call ? 95 : 10, "call_id", NameValue);
        Maybe(type is "call.arrived" or "call.queued" ? 20 : 90, "agent_id", NameValue);
        Maybe(40, "tenant", NameValue);
        Maybe(type is "call.queued" or "call.answered" ? 90 : 10, "queue", NameValue);
        Maybe(type == "call.transferred" ? 60 : 5, "to_queue", NameValue);
        Maybe(type == "call.transferred" ? 30 : 5, "to_agent", NameValue);
        Maybe(type == "agent.login" ? 70 : 5, "team", NameValue);
        Maybe(type is "agent.login" or "agent.state" ? 90 : 5, "state", () => Text(_random.Next(5) == 0 ? "asleep" : _random.Next(2) == 0 ? "available" : "not_ready"));
        Maybe(type is "agent.login" or "agent.state" ? 50 : 5, "reason", NameValue);
        Maybe(type == "survey.completed" ? 95 : 5, "score", () => _random.Next(6) == 0 ? Values[_random.Next(Values.Length)] : _random.Next(0, 7).ToString(CultureInfo.InvariantCulture));
        Maybe(type == "call.arrived" ? 60 : 5, "direction", () => Text(_random.Next(6) == 0 ? "sideways" : _random.Next(2) == 0 ? "inbound" : "outbound"));
        Maybe(type == "call.arrived" ? 60 : 5, "call_type", NameValue);
        Maybe(type == "call.arrived" ? 70 : 5, "caller", NameValue);
        Maybe(type == "wrap.ended" ? 60 : 5, "disposition", NameValue);
        Maybe(10, "schema", () => _random.Next(4) == 0 ? Values[_random.Next(Values.Length)] : _random.Next(1, 3).ToString(CultureInfo.InvariantCulture));
        for (var extra = _random.Next(3); extra > 0; extra--)
        {
            members.Add(("x_" + _random.Next(4).ToString(CultureInfo.InvariantCulture), Values[_random.Next(Values.Length)]));
        }

        for (var i = members.Count - 1; i > 0 && _random.Next(3) == 0; i--)
        {
            var j = _random.Next(i + 1);
            (members[i], members[j]) = (members[j], members[i]);
        }

        var json = new StringBuilder("{");
        for (var i = 0; i < members.Count; i++)
        {
            json.Append(i == 0 ? Space() : "," + Space()).Append(Text(members[i].Name, escapes: _random.Next(30) == 0))
                .Append(Space()).Append(':').Append(Space()).Append(members[i].Value).Append(Space());
        }

        return json.Append('}').ToString();
    }

    private string NameValue() => _random.Next(40) switch
    {
        0 => "null",
        1 => "\"\"",
        2 => Text(new string('n', _random.Next(1000, 1100))),
        3 => Text(new string('e', _random.Next(300, 400)) + "é", escapes: true), // escaped, past 1024 bytes only once unescaped
        4 => "\"a\\u0001b\"",
        5 => "\"tail\\\\\"",
        6 => "\"lone\\ud800\"",
        7 => Values[_random.Next(Values.Length)],
        _ => Text(Names[_random.Next(Names.Length)], escapes: _random.Next(8) == 0),
    };

    // A JSON string: plain, or with some characters written as escapes.
    private string Text(string value, bool escapes = false)
    {
        var json = new StringBuilder("\"");
        foreach (var rune in value.EnumerateRunes())
        {
            var text = rune.ToString();
            if (text is "\"" or "\\")
            {
                json.Append('\\').Append(text);
            }
            else if (rune.Value < 0x20)
            {
                json.Append(CultureInfo.InvariantCulture, $"\\u{rune.Value:x4}");
            }
            else if (escapes && _random.Next(3) == 0)
            {
                foreach (var unit in text)
                {
                    json.Append(CultureInfo.InvariantCulture, $"\\u{(int)unit:X4}");
                }
            }
            else if (escapes && text == "/" && _random.Next(2) == 0)
            {
                json.Append("\\/");
            }
            else
            {
                json.Append(text);
            }
        }

        return json.Append('"').ToString();
    }

    private string Space() => _random.Next(12) switch
    {
        0 => " ",
        1 => "\n\t",
        2 => "\r\n  ",
        _ => string.Empty,
    };

    private byte[] Mutate(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json).ToList();
        switch (_random.Next(11))
        {
            case 0:
                var at = _random.Next(bytes.Count);
                bytes[at] ^= (byte)(1 << _random.Next(8));
                break;
            case 1:
                bytes.RemoveAt(_random.Next(bytes.Count));
                break;
            case 2:
                var inserted = "{}[],:\"\\ 0-.eE+tfnu\u0001\u007f"u8;
                bytes.Insert(_random.Next(bytes.Count + 1), inserted[_random.Next(inserted.Length)]);
                break;
            case 3:
                return [.. bytes.Take(_random.Next(bytes.Count))];
            case 4:
            {
                var field = Fields[_random.Next(Fields.Length)];
                return Encoding.UTF8.GetBytes(json[..^1] + $",\"{field}\":{(_random.Next(2) == 0 ? "\"again\"" : "null")}}}");
            }

            case 5:
            {
                var field = Fields[_random.Next(Fields.Length)];
                return Encoding.UTF8.GetBytes(json[..^1] + $",\"{field}\":{Values[_random.Next(Values.Length)]}}}");
            }

            case 6:
                return [0xEF, 0xBB, 0xBF, .. bytes];
            case 7:
                return Encoding.UTF8.GetBytes(json[..^1] + (_random.Next(2) == 0 ? "/* c */}" : ",}"));
            case 8:
                return Encoding.UTF8.GetBytes(json + (_random.Next(3) switch { 0 => "x", 1 => " {}", _ => " \r\n" }));
            case 9:
                return Encoding.UTF8.GetBytes(_random.Next(3) switch { 0 => "[" + json + "]", 1 => "\"" + json.Length + "\"", _ => " " });
            default:
                bytes.Insert(_random.Next(bytes.Count + 1), (byte)_random.Next(0x80, 0x100));
                break;
        }

        return [.. bytes];
    }
}
