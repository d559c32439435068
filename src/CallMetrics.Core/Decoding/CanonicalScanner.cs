using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CallMetrics.Core.Decoding;

/// <summary>
/// The fast path: one pass over a message in the canonical shape (one flat object of strings, numbers and
/// nulls, as producers write it) that recognizes the field names and captures the raw values in place. It
/// finishes only a message that is valid JSON and whose recognized fields need no further judgement; at anything
/// else (an escape, a syntax error, a duplicate, a value of the wrong type, a value over the name limit, a control
/// character, deep nesting) it stops and the <see cref="StrictReader"/> reads the message from the start, so every
/// rejection and its text come from one place. What it captures is exactly what the strict path would.
/// </summary>
/// <remarks>
/// The caller has checked that the message is valid UTF-8, at most 1 MiB and not blank. Unknown fields may hold any
/// JSON value; nested objects and arrays are checked here up to <see cref="MaxDepth"/> levels.
/// </remarks>
internal ref struct CanonicalScanner
{
    /// <summary>Nesting (the message's object is level 1) past which the strict path decides (it allows 64).</summary>
    public const int MaxDepth = 16;

    // What ends the careful scan of a string: its closing quote, or what the strict path must judge: an escape, a
    // raw control character (invalid JSON) or DEL (not allowed in names).
    private static readonly SearchValues<byte> StringStops = SearchValues.Create(
    [
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F,
        0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F,
        (byte)'"', (byte)'\\', 0x7F,
    ]);

    // The same without the quote: a message with none of these anywhere has none in its strings.
    private static readonly SearchValues<byte> NotPlain = SearchValues.Create(
    [
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F,
        0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F,
        (byte)'\\', 0x7F,
    ]);

    private readonly ReadOnlySpan<byte> _json;

    // No escape and no control character anywhere in the message (what producers write: one line, no escapes): the
    // end of a string is then the next quote, with nothing to check on the way. Found in one vectorized pass.
    private readonly bool _plain;

    private CanonicalScanner(ReadOnlySpan<byte> json)
    {
        _json = json;
        _plain = json.IndexOfAny(NotPlain) < 0;
    }

    /// <summary>
    /// Captures the fields of <paramref name="json"/> into <paramref name="fields"/>; false when the message must go
    /// the strict way (then <paramref name="fields"/> holds a partial capture to discard).
    /// </summary>
    public static bool TryScan(ReadOnlySpan<byte> json, ref EventFields fields) => new CanonicalScanner(json).Object(ref fields);

    private readonly bool Object(ref EventFields fields)
    {
        var i = SkipWhitespace(0);
        if (At(i) != (byte)'{')
        {
            return false;
        }

        i = SkipWhitespace(i + 1);
        if (At(i) == (byte)'}')
        {
            return SkipWhitespace(i + 1) == _json.Length;
        }

        while (true)
        {
            if (At(i) != (byte)'"')
            {
                return false;
            }

            var field = KnownName(i + 1, out var nameEnd);
            if (field == EventField.Unknown && (nameEnd = StringEnd(i + 1)) < 0)
            {
                return false;
            }

            i = SkipWhitespace(nameEnd + 1);
            if (At(i) != (byte)':')
            {
                return false;
            }

            i = SkipWhitespace(i + 1);
            i = field == EventField.Unknown ? SkipValue(i, depth: 2) : fields.MarkSeen(field) ? Capture(i, field, ref fields) : -1;
            if (i < 0)
            {
                return false;
            }

            i = SkipWhitespace(i);
            switch (At(i))
            {
                case (byte)',':
                    i = SkipWhitespace(i + 1);
                    continue;
                case (byte)'}':
                    return SkipWhitespace(i + 1) == _json.Length;
                default:
                    return false;
            }
        }
    }

    // The recognized field whose name, with its closing quote, starts at i, and the index of that quote; Unknown for
    // any other name. One candidate by a byte or two, confirmed by one comparison with a constant.
    private readonly EventField KnownName(int i, out int end) => At(i) switch
    {
        (byte)'e' => Name(i, "event_id\""u8, EventField.EventId, out end),
        (byte)'t' => At(i + 1) switch
        {
            (byte)'y' => Name(i, "type\""u8, EventField.Type, out end),
            (byte)'s' => Name(i, "ts\""u8, EventField.Ts, out end),
            (byte)'e' => At(i + 2) == (byte)'n' ? Name(i, "tenant\""u8, EventField.Tenant, out end) : Name(i, "team\""u8, EventField.Team, out end),
            _ => At(i + 3) == (byte)'q' ? Name(i, "to_queue\""u8, EventField.ToQueue, out end) : Name(i, "to_agent\""u8, EventField.ToAgent, out end),
        },
        (byte)'c' => At(i + 5) switch
        {
            (byte)'i' => Name(i, "call_id\""u8, EventField.CallId, out end),
            (byte)'t' => Name(i, "call_type\""u8, EventField.CallType, out end),
            _ => Name(i, "caller\""u8, EventField.Caller, out end),
        },
        (byte)'a' => Name(i, "agent_id\""u8, EventField.AgentId, out end),
        (byte)'q' => Name(i, "queue\""u8, EventField.Queue, out end),
        (byte)'s' => At(i + 1) == (byte)'t' ? Name(i, "state\""u8, EventField.State, out end)
            : At(i + 2) == (byte)'h' ? Name(i, "schema\""u8, EventField.Schema, out end) : Name(i, "score\""u8, EventField.Score, out end),
        (byte)'r' => Name(i, "reason\""u8, EventField.Reason, out end),
        (byte)'d' => At(i + 2) == (byte)'r' ? Name(i, "direction\""u8, EventField.Direction, out end) : Name(i, "disposition\""u8, EventField.Disposition, out end),
        _ => Name(i, default, EventField.Unknown, out end),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly EventField Name(int i, ReadOnlySpan<byte> quotedName, EventField field, out int end)
    {
        if (!quotedName.IsEmpty && (uint)i <= (uint)_json.Length && _json[i..].StartsWith(quotedName))
        {
            end = i + quotedName.Length - 1;
            return field;
        }

        end = -1;
        return EventField.Unknown;
    }

    // The value of a recognized field at i: a string within the name limit, null, or a plain integer for schema and
    // score. Returns the index after it, or -1 for the strict path.
    private readonly int Capture(int i, EventField field, ref EventFields fields)
    {
        var first = At(i);
        if (first == (byte)'n')
        {
            return Literal(i, "null"u8); // EVENTS.md: null counts as absent
        }

        if (field is EventField.Schema or EventField.Score)
        {
            var end = PlainInteger(i, out var number);
            if (end >= 0 && field == EventField.Schema)
            {
                fields.HasSchema = true;
                fields.Schema = number;
            }
            else if (end >= 0)
            {
                fields.HasScore = true;
                fields.Score = number;
            }

            return end;
        }

        if (first != (byte)'"' || StringEnd(i + 1) is not (>= 0 and var close) || close - i - 1 > EventDecoder.MaxNameBytes)
        {
            return -1;
        }

        // Unescaped and free of control characters: the bytes between the quotes are the value, and within the
        // limit it passes the name rules (a trailing backslash would have been an escape).
        fields.Set(field, _json[(i + 1)..close]);
        return close + 1;
    }

    // An optional minus and 1-9 digits without a leading zero, not followed by a fraction or an exponent: a number
    // Utf8JsonReader.TryGetInt32 reads as this int. Anything else (4.0, 1e0, 10 digits) goes the strict way.
    private readonly int PlainInteger(int i, out int value)
    {
        value = 0;
        var negative = At(i) == (byte)'-';
        if (negative)
        {
            i++;
        }

        var start = i;
        while (IsDigit(At(i)))
        {
            value = (value * 10) + (_json[i] - '0');
            i++;
        }

        var digits = i - start;
        if (digits is 0 or > 9 || (digits > 1 && _json[start] == (byte)'0') || At(i) is (byte)'.' or (byte)'e' or (byte)'E')
        {
            return -1;
        }

        value = negative ? -value : value;
        return i;
    }

    // Any JSON value at i (the value of an unknown field, or inside one, at the given nesting level), checked as
    // RFC 8259 requires. Returns the index after it, or -1 for the strict path.
    private readonly int SkipValue(int i, int depth) => At(i) switch
    {
        (byte)'"' => StringEnd(i + 1) is >= 0 and var end ? end + 1 : -1,
        (byte)'{' => depth > MaxDepth ? -1 : SkipObject(i + 1, depth),
        (byte)'[' => depth > MaxDepth ? -1 : SkipArray(i + 1, depth),
        (byte)'t' => Literal(i, "true"u8),
        (byte)'f' => Literal(i, "false"u8),
        (byte)'n' => Literal(i, "null"u8),
        _ => SkipNumber(i),
    };

    private readonly int SkipObject(int i, int depth)
    {
        i = SkipWhitespace(i);
        if (At(i) == (byte)'}')
        {
            return i + 1;
        }

        while (true)
        {
            if (At(i) != (byte)'"' || StringEnd(i + 1) is not (>= 0 and var nameEnd))
            {
                return -1;
            }

            i = SkipWhitespace(nameEnd + 1);
            if (At(i) != (byte)':')
            {
                return -1;
            }

            i = SkipValue(SkipWhitespace(i + 1), depth + 1);
            if (i < 0)
            {
                return -1;
            }

            i = SkipWhitespace(i);
            switch (At(i))
            {
                case (byte)',':
                    i = SkipWhitespace(i + 1);
                    continue;
                case (byte)'}':
                    return i + 1;
                default:
                    return -1;
            }
        }
    }

    private readonly int SkipArray(int i, int depth)
    {
        i = SkipWhitespace(i);
        if (At(i) == (byte)']')
        {
            return i + 1;
        }

        while (true)
        {
            i = SkipValue(i, depth + 1);
            if (i < 0)
            {
                return -1;
            }

            i = SkipWhitespace(i);
            switch (At(i))
            {
                case (byte)',':
                    i = SkipWhitespace(i + 1);
                    continue;
                case (byte)']':
                    return i + 1;
                default:
                    return -1;
            }
        }
    }

    // RFC 8259: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    private readonly int SkipNumber(int i)
    {
        if (At(i) == (byte)'-')
        {
            i++;
        }

        if (At(i) == (byte)'0')
        {
            i++;
        }
        else if (IsDigit(At(i)))
        {
            i = SkipDigits(i);
        }
        else
        {
            return -1;
        }

        if (At(i) == (byte)'.')
        {
            if (!IsDigit(At(i + 1)))
            {
                return -1;
            }

            i = SkipDigits(i + 1);
        }

        if (At(i) is (byte)'e' or (byte)'E')
        {
            i++;
            if (At(i) is (byte)'+' or (byte)'-')
            {
                i++;
            }

            if (!IsDigit(At(i)))
            {
                return -1;
            }

            i = SkipDigits(i);
        }

        return i;
    }

    private readonly int SkipDigits(int i)
    {
        while (IsDigit(At(i)))
        {
            i++;
        }

        return i;
    }

    private readonly int Literal(int i, ReadOnlySpan<byte> literal) =>
        (uint)i <= (uint)_json.Length && _json[i..].StartsWith(literal) ? i + literal.Length : -1;

    // The index of the quote that closes the string whose content starts at i; -1 when something the strict path
    // must judge comes first, or the string does not end.
    private readonly int StringEnd(int i)
    {
        if ((uint)i > (uint)_json.Length)
        {
            return -1;
        }

        if (_plain)
        {
            // Most strings are short: 16 bytes at a time inline, without the call and set-up of IndexOf.
            for (; i + 16 <= _json.Length; i += 16)
            {
                var quotes = Vector128.Equals(Vector128.Create<byte>(_json.Slice(i, 16)), Vector128.Create((byte)'"')).ExtractMostSignificantBits();
                if (quotes != 0)
                {
                    return i + BitOperations.TrailingZeroCount(quotes);
                }
            }

            var quote = _json[i..].IndexOf((byte)'"');
            return quote < 0 ? -1 : i + quote;
        }

        var stop = _json[i..].IndexOfAny(StringStops);
        return stop >= 0 && _json[i + stop] == (byte)'"' ? i + stop : -1;
    }

    private readonly int SkipWhitespace(int i)
    {
        while (At(i) is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            i++;
        }

        return i;
    }

    // The byte at i, or 0 past the end: 0 is never valid where a byte is expected, so the end fails every test.
    private readonly byte At(int i) => (uint)i < (uint)_json.Length ? _json[i] : (byte)0;

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
