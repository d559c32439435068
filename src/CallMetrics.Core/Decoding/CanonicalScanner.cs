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
/// <para>
/// The caller has checked that the message is valid UTF-8, at most 1 MiB and not blank. Unknown fields may hold any
/// JSON value; nested objects and arrays are checked here up to <see cref="MaxDepth"/> levels.
/// </para>
/// <para>
/// One type in four files by job: this one walks the message's object and captures the recognized fields' values;
/// <c>CanonicalScanner.Names.cs</c> recognizes the field names, <c>CanonicalScanner.Values.cs</c> skips (and checks)
/// the values of other fields, <c>CanonicalScanner.Tokens.cs</c> reads the bytes (whitespace, string ends, literals).
/// One type rather than four: the scan is the decoder's hot path, and a split into types that pass the message
/// between them measured about 10 % slower (63-67 against 69-75 ns per event, alternating runs) on <c>--decode-breakdown</c>'s scan.
/// </para>
/// </remarks>
internal ref partial struct CanonicalScanner
{
    /// <summary>Nesting (the message's object is level 1) past which the strict path decides (it allows 64).</summary>
    public const int MaxDepth = 16;

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
}
