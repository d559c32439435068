using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;

namespace CallMetrics.Core.Tests.Decoding;

/// <summary>
/// EVENTS.md "Bad input" and docs/DECISIONS.md "Hostile messages the decoder rejects" written plainly on
/// <see cref="JsonDocument"/>, with names as strings: what <see cref="EventDecoder"/> must agree with, reason for
/// reason and field for field. Slow and simple on purpose. A message is judged member by member in document order
/// (the first problem is the one reported); when the document is not valid JSON, the members before the syntax
/// error are judged the same way, read with <see cref="Utf8JsonReader"/> up to the error.
/// </summary>
internal static class ReferenceDecoder
{
    private const int MaxNameBytes = 1024;

    private static readonly string[] KnownNames =
    [
        "event_id", "type", "ts", "tenant", "schema", "call_id", "agent_id", "queue", "to_queue", "team", "state", "reason",
        "score", "direction", "call_type", "to_agent", "caller", "disposition",
    ];

    private static readonly string[] Types =
    [
        "call.arrived", "call.queued", "call.answered", "call.held", "call.retrieved", "call.transferred", "call.ended",
        "wrap.ended", "survey.completed", "agent.login", "agent.state", "agent.logout",
    ];

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>The verdict on <paramref name="json"/>: a reason (None when accepted) and, when accepted, the event.</summary>
    public static (RejectReason Reason, ReferenceEvent? Event) Decode(byte[] json)
    {
        if (json.Length > EventDecoder.MaxMessageBytes)
        {
            return (RejectReason.TooLarge, null);
        }

        if (!Utf8.IsValid(json) || json.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            return (RejectReason.MalformedJson, null);
        }

        var first = FirstToken(json);
        if (first != JsonTokenType.StartObject)
        {
            return (first == JsonTokenType.None ? RejectReason.MalformedJson : RejectReason.NotAnObject, null);
        }

        var values = new Dictionary<string, Value>();
        RejectReason? problem;
        try
        {
            using var document = JsonDocument.Parse(json, DocumentOptions);
            problem = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                problem = Name(property) is var (name, ok) && ok ? Member(values, name, Value.Of(property.Value)) : RejectReason.MalformedJson;
                if (problem is not null)
                {
                    break;
                }
            }
        }
        catch (JsonException)
        {
            problem = MembersBeforeTheSyntaxError(json, values) ?? RejectReason.MalformedJson;
        }

        return problem is { } reason ? (reason, null) : Build(values);
    }

    // The recognized name of a member; not ok when the name's escapes are not text (a high surrogate escape followed by
    // another escape that is not a low one), which System.Text.Json reports as an error when the name is compared.
    private static (string? Name, bool Ok) Name(JsonProperty property)
    {
        try
        {
            return (KnownNames.FirstOrDefault(property.NameEquals), true);
        }
        catch (InvalidOperationException)
        {
            return (null, false);
        }
    }

    // The token type of the first token, or None when it is not a token.
    private static JsonTokenType FirstToken(byte[] json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
            return reader.Read() ? reader.TokenType : JsonTokenType.None;
        }
        catch (JsonException)
        {
            return JsonTokenType.None;
        }
    }

    private static RejectReason? MembersBeforeTheSyntaxError(byte[] json, Dictionary<string, Value> values)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string? name = null;
                foreach (var known in KnownNames)
                {
                    if (reader.ValueTextEquals(known))
                    {
                        name = known;
                        break;
                    }
                }

                if (name is not null && values.ContainsKey(name) && name != "to_agent")
                {
                    return RejectReason.MalformedJson; // a duplicate, judged when its name is read
                }

                reader.Read();
                if (name is null)
                {
                    reader.Skip();
                    continue;
                }

                if (Member(values, name, Value.Of(ref reader)) is { } problem)
                {
                    return problem;
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return RejectReason.MalformedJson;
        }

        return null;
    }

    // One member, in document order: null if it is fine (its value is kept in values).
    private static RejectReason? Member(Dictionary<string, Value> values, string? name, Value value)
    {
        if (name is null)
        {
            return null; // unknown fields are ignored
        }

        if (name != "to_agent" && !values.TryAdd(name, Value.Absent))
        {
            return RejectReason.MalformedJson; // a kept field given twice
        }

        if (value.Kind == JsonValueKind.Null)
        {
            return null;
        }

        switch (name)
        {
            case "schema":
                if (value.Int32 is not { } schema)
                {
                    return RejectReason.WrongFieldType;
                }

                values[name] = value with { Number = schema };
                return null;
            case "score":
                if (value.Kind != JsonValueKind.Number)
                {
                    return RejectReason.WrongFieldType;
                }

                values[name] = value with { Number = value.Int32 ?? -1 };
                return null;
            default:
                break;
        }

        if (value.Kind != JsonValueKind.String)
        {
            return RejectReason.WrongFieldType;
        }

        if (value.RawBytes > MaxNameBytes * 6)
        {
            return RejectReason.BadValue;
        }

        if (value.Text is not { } text)
        {
            return RejectReason.MalformedJson; // an escape that is not a character (a lone surrogate)
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        if (name is not ("ts" or "to_agent" or "caller" or "disposition"))
        {
            if (bytes.Length > MaxNameBytes || bytes.Any(b => b is < 0x20 or 0x7F))
            {
                return RejectReason.BadValue;
            }

            if (name is "tenant" or "agent_id" or "queue" or "to_queue" or "team" && text.EndsWith('\\'))
            {
                return RejectReason.BadValue;
            }
        }

        values[name] = value;
        return null;
    }

    private static (RejectReason, ReferenceEvent?) Build(Dictionary<string, Value> values)
    {
        string Text(string name) => values.TryGetValue(name, out var v) ? v.Text ?? string.Empty : string.Empty;
        int? Number(string name) => values.TryGetValue(name, out var v) ? v.Number : null;

        if (Text("event_id").Length == 0 || Text("type").Length == 0)
        {
            return (RejectReason.MissingField, null);
        }

        var type = Text("type");
        if (!Types.Contains(type))
        {
            return (RejectReason.UnknownType, null);
        }

        if (Number("schema") is { } schema && schema != 1)
        {
            return (RejectReason.UnknownSchema, null);
        }

        if (Text("ts").Length == 0)
        {
            return (RejectReason.MissingField, null);
        }

        if (!Rfc3339.TryParse(Encoding.UTF8.GetBytes(Text("ts")), out var timestamp, out _))
        {
            return (RejectReason.BadTimestamp, null);
        }

        var callEvent = type.StartsWith("call.", StringComparison.Ordinal) || type is "wrap.ended" or "survey.completed";
        var agentRequired = type.StartsWith("agent.", StringComparison.Ordinal)
            || type is "call.answered" or "call.held" or "call.retrieved" or "call.transferred" or "wrap.ended";
        if ((callEvent && Text("call_id").Length == 0) || (agentRequired && Text("agent_id").Length == 0)
            || (type == "call.queued" && Text("queue").Length == 0))
        {
            return (RejectReason.MissingField, null);
        }

        var state = AgentChosenState.Available;
        if (type is "agent.login" or "agent.state")
        {
            switch (Text("state"))
            {
                case "" when type == "agent.state": return (RejectReason.MissingField, null);
                case "" or "available": break;
                case "not_ready": state = AgentChosenState.NotReady; break;
                default: return (RejectReason.BadState, null);
            }
        }

        byte score = 0;
        if (type == "survey.completed")
        {
            if (Number("score") is not { } given)
            {
                return (RejectReason.MissingField, null);
            }

            if (given is < 1 or > 5)
            {
                return (RejectReason.BadScore, null);
            }

            score = (byte)given;
        }

        if (Text("direction") is not ("" or "inbound" or "outbound"))
        {
            return (RejectReason.BadValue, null);
        }

        var tenant = Text("tenant") is { Length: > 0 } t ? t : "default";
        string Qualified(string name) => name.Length == 0 ? string.Empty : tenant + "\u0001" + name;
        string For(bool carried, string name) => carried ? Text(name) : string.Empty;
        return (RejectReason.None, new ReferenceEvent(
            type,
            timestamp,
            tenant,
            callEvent ? Qualified(Text("call_id")) : string.Empty,
            Text("agent_id"),
            type switch { "call.queued" or "call.answered" => Text("queue"), "call.transferred" => Text("to_queue"), _ => string.Empty },
            For(type == "agent.login", "team"),
            For(type is "agent.login" or "agent.state", "reason"),
            For(type == "call.arrived", "call_type"),
            type == "call.arrived" ? Qualified(Text("caller")) : string.Empty,
            For(type == "wrap.ended", "disposition"),
            state,
            score,
            Text("direction") == "outbound",
            EventId.Compute(Encoding.UTF8.GetBytes(tenant), Encoding.UTF8.GetBytes(Text("event_id")))));
    }

    /// <summary>A member's value as the rules need it.</summary>
    private readonly record struct Value(JsonValueKind Kind, int? Int32, int RawBytes, string? Text, int? Number)
    {
        public static Value Absent => new(JsonValueKind.Null, null, 0, null, null);

        public static Value Of(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.String => new(JsonValueKind.String, null, Encoding.UTF8.GetByteCount(element.GetRawText()) - 2, TryGetString(element), null),
            JsonValueKind.Number => new(JsonValueKind.Number, element.TryGetInt32(out var n) ? n : null, 0, null, null),
            var kind => new(kind, null, 0, null, null),
        };

        public static Value Of(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    string? text;
                    try
                    {
                        text = reader.GetString();
                    }
                    catch (InvalidOperationException)
                    {
                        text = null;
                    }

                    return new(JsonValueKind.String, null, reader.ValueSpan.Length, text, null);
                case JsonTokenType.Number:
                    return new(JsonValueKind.Number, reader.TryGetInt32(out var n) ? n : null, 0, null, null);
                case JsonTokenType.Null:
                    return Absent;
                case JsonTokenType.True:
                    return new(JsonValueKind.True, null, 0, null, null);
                case JsonTokenType.False:
                    return new(JsonValueKind.False, null, 0, null, null);
                default:
                    return new(reader.TokenType == JsonTokenType.StartArray ? JsonValueKind.Array : JsonValueKind.Object, null, 0, null, null);
            }
        }

        private static string? TryGetString(JsonElement element)
        {
            try
            {
                return element.GetString();
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }
    }
}

/// <summary>An event as <see cref="ReferenceDecoder"/> decodes it: names as strings (calls and callers qualified by tenant).</summary>
internal sealed record ReferenceEvent(
    string Type,
    long Timestamp,
    string Tenant,
    string Call,
    string Agent,
    string Queue,
    string Team,
    string Reason,
    string CallType,
    string Caller,
    string Disposition,
    AgentChosenState State,
    byte Score,
    bool Outbound,
    EventId Id);
