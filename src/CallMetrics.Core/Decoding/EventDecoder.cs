using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using CallMetrics.Core.Events;

namespace CallMetrics.Core.Decoding;

/// <summary>
/// Decodes one canonical event (EVENTS.md) from UTF-8 JSON with <see cref="Utf8JsonReader"/>:
/// no reflection, no per-event allocation for valid input (names are interned in a
/// <see cref="SymbolTable"/>). Every rejection of EVENTS.md "Bad input" is a typed
/// <see cref="DecodeResult"/>. Not thread-safe: one decoder per thread.
/// </summary>
public sealed class EventDecoder
{
    /// <summary>Longest id or name accepted, in UTF-8 bytes.</summary>
    public const int MaxNameBytes = 1024;

    /// <summary>Largest message accepted, in bytes (EVENTS.md "Bad input": larger ones are rejected as too large).</summary>
    public const int MaxMessageBytes = 1 << 20;

    /// <summary>The tenant of events that name none.</summary>
    public const string DefaultTenant = "default";

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64, CommentHandling = JsonCommentHandling.Disallow };

    private readonly SymbolTable _symbols;
    private readonly int _defaultTenant;
    private readonly RecentNames _tenants = new(1);
    private readonly RecentNames _queues = new(32);
    private readonly RecentNames _labels = new(16);
    private byte[] _scratch = new byte[512];
    private int _scratchUsed;

    /// <summary>Creates a decoder that interns names into <paramref name="symbols"/>.</summary>
    public EventDecoder(SymbolTable symbols)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        _symbols = symbols;
        _defaultTenant = symbols.Intern(DefaultTenant);
    }

    /// <summary>The table names are interned into.</summary>
    public SymbolTable Symbols => _symbols;

    /// <summary>Decodes <paramref name="json"/> into <paramref name="decoded"/>.</summary>
    public DecodeResult Decode(ReadOnlySpan<byte> json, out CanonicalEvent decoded)
    {
        decoded = default;
        _scratchUsed = 0;
        var fields = default(Fields);
        if (json.Length > MaxMessageBytes)
        {
            return DecodeResult.Reject(RejectReason.TooLarge, $"message is larger than {MaxMessageBytes} bytes");
        }

        // Utf8JsonReader checks UTF-8 only in the strings it decodes; a skipped field or a property
        // name could still carry invalid bytes into a dead letter's consumers or a log. EVENTS.md: UTF-8.
        if (!Utf8.IsValid(json))
        {
            return DecodeResult.Reject(RejectReason.MalformedJson, "message is not valid UTF-8");
        }

        if (json.Trim(" \t\r\n"u8).IsEmpty)
        {
            return DecodeResult.Reject(RejectReason.MalformedJson, "empty message");
        }

        var seen = 0;
        try
        {
            var reader = new Utf8JsonReader(json, isFinalBlock: true, new JsonReaderState(ReaderOptions));
            if (!reader.Read())
            {
                return DecodeResult.Reject(RejectReason.MalformedJson, "empty message");
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return DecodeResult.Reject(RejectReason.NotAnObject, $"expected a JSON object, found {Describe(reader.TokenType)}");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var field = Identify(ref reader);
                if (field > Field.Other)
                {
                    // Two values for one field: readers disagree on which wins (first or last), so a
                    // message could mean one thing here and another to the next consumer. Rejected.
                    var bit = 1 << (int)field;
                    if ((seen & bit) != 0)
                    {
                        return DecodeResult.Reject(RejectReason.MalformedJson, $"duplicate field '{Name(field)}'");
                    }

                    seen |= bit;
                }

                if (!reader.Read())
                {
                    return DecodeResult.Reject(RejectReason.MalformedJson, "unexpected end of input");
                }

                var result = field == Field.Unknown ? Skip(ref reader) : Capture(ref reader, field, ref fields);
                if (!result.IsOk)
                {
                    return result;
                }
            }

            if (reader.Read())
            {
                return DecodeResult.Reject(RejectReason.MalformedJson, $"unexpected content after the object at byte {reader.TokenStartIndex}");
            }
        }
        catch (JsonException exception)
        {
            return DecodeResult.Reject(RejectReason.MalformedJson, Shorten(exception.Message));
        }
        catch (InvalidOperationException exception)
        {
            // Utf8JsonReader reports invalid UTF-8 inside strings this way.
            return DecodeResult.Reject(RejectReason.MalformedJson, Shorten(exception.Message));
        }

        return Build(ref fields, ref decoded);
    }

    private DecodeResult Build(ref Fields fields, ref CanonicalEvent decoded)
    {
        if (fields.EventId.Length == 0)
        {
            return DecodeResult.Reject(RejectReason.MissingField, "event_id is required");
        }

        if (fields.Type.Length == 0)
        {
            return DecodeResult.Reject(RejectReason.MissingField, "type is required");
        }

        var type = ParseType(fields.Type);
        if (type == EventType.None)
        {
            return DecodeResult.Reject(RejectReason.UnknownType, $"unknown type '{Text(fields.Type)}'");
        }

        if (fields.HasSchema && fields.Schema != 1)
        {
            return DecodeResult.Reject(RejectReason.UnknownSchema, $"schema {fields.Schema} is not supported (this processor reads schema 1)");
        }

        if (fields.Ts.Length == 0)
        {
            return DecodeResult.Reject(RejectReason.MissingField, "ts is required");
        }

        if (!Rfc3339.TryParse(fields.Ts, out var timestamp, out var tsError))
        {
            return DecodeResult.Reject(RejectReason.BadTimestamp, $"ts '{Text(fields.Ts)}': {tsError}");
        }

        var wireName = type.WireName();
        if (type.IsCallEvent() && fields.CallId.Length == 0)
        {
            return DecodeResult.Reject(RejectReason.MissingField, $"call_id is required for {wireName}");
        }

        if (type.RequiresAgent() && fields.AgentId.Length == 0)
        {
            return DecodeResult.Reject(RejectReason.MissingField, $"agent_id is required for {wireName}");
        }

        if (type == EventType.CallQueued && fields.Queue.Length == 0)
        {
            return DecodeResult.Reject(RejectReason.MissingField, "queue is required for call.queued");
        }

        var state = AgentChosenState.Available;
        if (type is EventType.AgentLogin or EventType.AgentState)
        {
            if (fields.State.Length == 0)
            {
                if (type == EventType.AgentState)
                {
                    return DecodeResult.Reject(RejectReason.MissingField, "state is required for agent.state");
                }
            }
            else if (fields.State.SequenceEqual("available"u8))
            {
                state = AgentChosenState.Available;
            }
            else if (fields.State.SequenceEqual("not_ready"u8))
            {
                state = AgentChosenState.NotReady;
            }
            else
            {
                return DecodeResult.Reject(RejectReason.BadState, $"state '{Text(fields.State)}' is not available or not_ready");
            }
        }

        byte score = 0;
        if (type == EventType.SurveyCompleted)
        {
            if (!fields.HasScore)
            {
                return DecodeResult.Reject(RejectReason.MissingField, "score is required for survey.completed");
            }

            if (fields.Score is < 1 or > 5)
            {
                return DecodeResult.Reject(RejectReason.BadScore, "score must be an integer from 1 to 5");
            }

            score = (byte)fields.Score;
        }

        var outbound = false;
        if (fields.Direction.Length != 0)
        {
            var direction = fields.Direction;
            if (direction.SequenceEqual("outbound"u8))
            {
                outbound = true;
            }
            else if (!direction.SequenceEqual("inbound"u8))
            {
                return DecodeResult.Reject(RejectReason.BadValue, $"direction '{Text(fields.Direction)}' is not inbound or outbound");
            }
        }

        var tenantBytes = fields.Tenant.Length == 0 ? "default"u8 : fields.Tenant;
        decoded.Type = type;
        decoded.Timestamp = timestamp;
        decoded.Tenant = fields.Tenant.Length == 0 ? _defaultTenant : _tenants.Intern(_symbols, tenantBytes);
        decoded.Call = type.IsCallEvent() ? InternCall(tenantBytes, fields.CallId) : 0;
        decoded.Agent = _symbols.Intern(fields.AgentId);
        decoded.Queue = _queues.Intern(_symbols, type == EventType.CallTransferred ? fields.ToQueue : fields.Queue);
        decoded.Team = type == EventType.AgentLogin ? _labels.Intern(_symbols, fields.Team) : 0;
        decoded.Reason = type is EventType.AgentLogin or EventType.AgentState ? _labels.Intern(_symbols, fields.Reason) : 0;
        decoded.CallType = type == EventType.CallArrived ? _labels.Intern(_symbols, fields.CallType) : 0;
        decoded.State = state;
        decoded.Score = score;
        decoded.Outbound = outbound;
        decoded.Id = EventId.Compute(tenantBytes, fields.EventId);
        return DecodeResult.Ok;
    }

    private DecodeResult Capture(ref Utf8JsonReader reader, Field field, ref Fields fields)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return DecodeResult.Ok; // EVENTS.md: null counts as absent.
        }

        switch (field)
        {
            case Field.Schema:
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var schema))
                {
                    return WrongType(field, reader.TokenType, "an integer");
                }

                fields.HasSchema = true;
                fields.Schema = schema;
                return DecodeResult.Ok;
            case Field.Score:
                if (reader.TokenType != JsonTokenType.Number)
                {
                    return WrongType(field, reader.TokenType, "an integer from 1 to 5");
                }

                fields.HasScore = true;
                fields.Score = reader.TryGetInt32(out var score) ? score : -1;
                return DecodeResult.Ok;
            default:
                break;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return WrongType(field, reader.TokenType, "a string");
        }

        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (length > MaxNameBytes * 6)
        {
            return DecodeResult.Reject(RejectReason.BadValue, $"{Name(field)} is longer than {MaxNameBytes} bytes");
        }

        ReadOnlySpan<byte> value;
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            // Escapes (and a lone surrogate, which CopyString rejects) need unescaping into scratch.
            EnsureScratch(length);
            var written = reader.CopyString(_scratch.AsSpan(_scratchUsed));
            value = _scratch.AsSpan(_scratchUsed, written);
            _scratchUsed += written;
        }
        else
        {
            // Unescaped: the bytes between the quotes are the value (the message is valid UTF-8).
            value = reader.ValueSpan;
        }

        if (field == Field.Other)
        {
            return DecodeResult.Ok; // known but unused (caller, to_agent, disposition): checked, not kept
        }

        if (field != Field.Ts)
        {
            if (value.Length > MaxNameBytes)
            {
                return DecodeResult.Reject(RejectReason.BadValue, $"{Name(field)} is longer than {MaxNameBytes} bytes");
            }

            if (value.IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0 || value.Contains((byte)0x7F))
            {
                return DecodeResult.Reject(RejectReason.BadValue, $"{Name(field)} contains a control character");
            }

            // InfluxDB 1.x reads a backslash before the separator after a tag value as escaping it, so
            // a tag value cannot end in one (docs/DECISIONS.md "Names InfluxDB cannot carry").
            if (IsTag(field) && value.Length > 0 && value[^1] == (byte)'\\')
            {
                return DecodeResult.Reject(RejectReason.BadValue, $"{Name(field)} ends with a backslash, which an InfluxDB tag value cannot carry");
            }
        }

        switch (field)
        {
            case Field.EventId: fields.EventId = value; break;
            case Field.Type: fields.Type = value; break;
            case Field.Ts: fields.Ts = value; break;
            case Field.Tenant: fields.Tenant = value; break;
            case Field.CallId: fields.CallId = value; break;
            case Field.AgentId: fields.AgentId = value; break;
            case Field.Queue: fields.Queue = value; break;
            case Field.ToQueue: fields.ToQueue = value; break;
            case Field.Team: fields.Team = value; break;
            case Field.State: fields.State = value; break;
            case Field.Reason: fields.Reason = value; break;
            case Field.Direction: fields.Direction = value; break;
            case Field.CallType: fields.CallType = value; break;
            default: break;
        }

        return DecodeResult.Ok;
    }

    /// <summary>The fields whose values become tags of the output series (METRICS.md "Fields").</summary>
    private static bool IsTag(Field field) => field is Field.Tenant or Field.AgentId or Field.Queue or Field.ToQueue or Field.Team;

    /// <summary>
    /// Call ids are interned qualified by their tenant (<c>tenant U+0001 call</c>, see <see cref="CallName"/>):
    /// a call symbol then belongs to one tenant, hence to one engine, which may release it when the call is
    /// long over without touching another tenant's call of the same id. Names cannot contain U+0001.
    /// </summary>
    private int InternCall(ReadOnlySpan<byte> tenant, ReadOnlySpan<byte> call)
    {
        var length = tenant.Length + 1 + call.Length;
        if (_callScratch.Length < length)
        {
            _callScratch = new byte[Math.Max(length, _callScratch.Length * 2)];
        }

        tenant.CopyTo(_callScratch);
        _callScratch[tenant.Length] = CallSeparator;
        call.CopyTo(_callScratch.AsSpan(tenant.Length + 1));
        return _symbols.Intern(_callScratch.AsSpan(0, length));
    }

    /// <summary>The call id of a call symbol's name (without its tenant qualifier).</summary>
    public static string CallName(string qualified)
    {
        ArgumentNullException.ThrowIfNull(qualified);
        var separator = qualified.IndexOf((char)CallSeparator, StringComparison.Ordinal);
        return separator < 0 ? qualified : qualified[(separator + 1)..];
    }

    private const byte CallSeparator = 0x01;
    private byte[] _callScratch = new byte[128];

    private static DecodeResult Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return DecodeResult.Ok;
    }

    private static Field Identify(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return IdentifyEscaped(ref reader);
        }

        // The raw name is the name: switch on its length and first byte, then confirm the whole name.
        var name = reader.ValueSpan;
        var field = name.Length switch
        {
            2 => Field.Ts,
            4 => name[0] == (byte)'t' && name[1] == (byte)'y' ? Field.Type : Field.Team,
            5 => name[0] == (byte)'q' ? Field.Queue : name[1] == (byte)'t' ? Field.State : Field.Score,
            6 => name[0] == (byte)'t' ? Field.Tenant : name[0] == (byte)'s' ? Field.Schema : name[0] == (byte)'r' ? Field.Reason : Field.Other,
            7 => Field.CallId,
            8 => name[0] == (byte)'e' ? Field.EventId : name[0] == (byte)'a' ? Field.AgentId : name[3] == (byte)'q' ? Field.ToQueue : Field.Other,
            9 => name[0] == (byte)'d' ? Field.Direction : Field.CallType,
            11 => Field.Other,
            _ => Field.Unknown,
        };

        return field switch
        {
            Field.Unknown => Field.Unknown,
            Field.Other => name.SequenceEqual("caller"u8) || name.SequenceEqual("to_agent"u8) || name.SequenceEqual("disposition"u8) ? Field.Other : Field.Unknown,
            _ => name.SequenceEqual(NameBytes(field)) ? field : Field.Unknown,
        };
    }

    private static ReadOnlySpan<byte> NameBytes(Field field) => field switch
    {
        Field.EventId => "event_id"u8,
        Field.Type => "type"u8,
        Field.Ts => "ts"u8,
        Field.Tenant => "tenant"u8,
        Field.Schema => "schema"u8,
        Field.CallId => "call_id"u8,
        Field.AgentId => "agent_id"u8,
        Field.Queue => "queue"u8,
        Field.ToQueue => "to_queue"u8,
        Field.Team => "team"u8,
        Field.State => "state"u8,
        Field.Reason => "reason"u8,
        Field.Score => "score"u8,
        Field.Direction => "direction"u8,
        Field.CallType => "call_type"u8,
        _ => default,
    };

    private static Field IdentifyEscaped(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("event_id"u8)) return Field.EventId;
        if (reader.ValueTextEquals("type"u8)) return Field.Type;
        if (reader.ValueTextEquals("ts"u8)) return Field.Ts;
        if (reader.ValueTextEquals("call_id"u8)) return Field.CallId;
        if (reader.ValueTextEquals("agent_id"u8)) return Field.AgentId;
        if (reader.ValueTextEquals("tenant"u8)) return Field.Tenant;
        if (reader.ValueTextEquals("schema"u8)) return Field.Schema;
        if (reader.ValueTextEquals("queue"u8)) return Field.Queue;
        if (reader.ValueTextEquals("to_queue"u8)) return Field.ToQueue;
        if (reader.ValueTextEquals("team"u8)) return Field.Team;
        if (reader.ValueTextEquals("state"u8)) return Field.State;
        if (reader.ValueTextEquals("reason"u8)) return Field.Reason;
        if (reader.ValueTextEquals("score"u8)) return Field.Score;
        if (reader.ValueTextEquals("direction"u8)) return Field.Direction;
        if (reader.ValueTextEquals("call_type"u8)) return Field.CallType;
        if (reader.ValueTextEquals("to_agent"u8) || reader.ValueTextEquals("caller"u8) || reader.ValueTextEquals("disposition"u8))
        {
            return Field.Other;
        }

        return Field.Unknown;
    }

    private static EventType ParseType(ReadOnlySpan<byte> type)
    {
        // One candidate per length and distinguishing byte, confirmed by a full comparison.
        var candidate = type.Length switch
        {
            9 => EventType.CallHeld,
            10 => type[0] == (byte)'c' ? EventType.CallEnded : EventType.WrapEnded,
            11 => type[0] == (byte)'c' ? EventType.CallQueued : type[6] == (byte)'l' ? EventType.AgentLogin : EventType.AgentState,
            12 => type[0] == (byte)'c' ? EventType.CallArrived : EventType.AgentLogout,
            13 => EventType.CallAnswered,
            14 => EventType.CallRetrieved,
            16 => type[0] == (byte)'c' ? EventType.CallTransferred : EventType.SurveyCompleted,
            _ => EventType.None,
        };

        return candidate != EventType.None && type.SequenceEqual(TypeBytes(candidate)) ? candidate : EventType.None;
    }

    private static ReadOnlySpan<byte> TypeBytes(EventType type) => type switch
    {
        EventType.CallArrived => "call.arrived"u8,
        EventType.CallQueued => "call.queued"u8,
        EventType.CallAnswered => "call.answered"u8,
        EventType.CallHeld => "call.held"u8,
        EventType.CallRetrieved => "call.retrieved"u8,
        EventType.CallTransferred => "call.transferred"u8,
        EventType.CallEnded => "call.ended"u8,
        EventType.WrapEnded => "wrap.ended"u8,
        EventType.SurveyCompleted => "survey.completed"u8,
        EventType.AgentLogin => "agent.login"u8,
        EventType.AgentState => "agent.state"u8,
        EventType.AgentLogout => "agent.logout"u8,
        _ => default,
    };

    private static DecodeResult WrongType(Field field, JsonTokenType token, string expected) =>
        DecodeResult.Reject(RejectReason.WrongFieldType, $"{Name(field)} must be {expected}, found {Describe(token)}");

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static string Name(Field field) => field switch
    {
        Field.EventId => "event_id",
        Field.Type => "type",
        Field.Ts => "ts",
        Field.Tenant => "tenant",
        Field.Schema => "schema",
        Field.CallId => "call_id",
        Field.AgentId => "agent_id",
        Field.Queue => "queue",
        Field.ToQueue => "to_queue",
        Field.Team => "team",
        Field.State => "state",
        Field.Reason => "reason",
        Field.Score => "score",
        Field.Direction => "direction",
        Field.CallType => "call_type",
        _ => "field",
    };

    private static string Shorten(string message) => message.Length <= 200 ? message : message[..200];

    private void EnsureScratch(int length)
    {
        if (_scratchUsed + length > _scratch.Length)
        {
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchUsed + length));
        }
    }

    private static string Text(ReadOnlySpan<byte> value)
    {
        var text = Encoding.UTF8.GetString(value);
        return text.Length <= 64 ? text : text[..64] + "...";
    }

    private enum Field
    {
        Unknown,
        Other,
        EventId,
        Type,
        Ts,
        Tenant,
        Schema,
        CallId,
        AgentId,
        Queue,
        ToQueue,
        Team,
        State,
        Reason,
        Score,
        Direction,
        CallType,
    }

    /// <summary>The captured values: slices of the message, or of the scratch buffer when unescaped.</summary>
    private ref struct Fields
    {
        public ReadOnlySpan<byte> EventId;
        public ReadOnlySpan<byte> Type;
        public ReadOnlySpan<byte> Ts;
        public ReadOnlySpan<byte> Tenant;
        public ReadOnlySpan<byte> CallId;
        public ReadOnlySpan<byte> AgentId;
        public ReadOnlySpan<byte> Queue;
        public ReadOnlySpan<byte> ToQueue;
        public ReadOnlySpan<byte> Team;
        public ReadOnlySpan<byte> State;
        public ReadOnlySpan<byte> Reason;
        public ReadOnlySpan<byte> Direction;
        public ReadOnlySpan<byte> CallType;
        public bool HasSchema;
        public int Schema;
        public bool HasScore;
        public int Score;
    }
}
