namespace CallMetrics.Core.Decoding;

// The values of fields the scanner does not capture: skipped, and checked as RFC 8259 requires (CanonicalScanner.cs
// says how the type is split).
internal ref partial struct CanonicalScanner
{
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
}
