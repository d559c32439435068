using System.Buffers;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace CallMetrics.Core.Decoding;

// The byte-level reading under the scanner: the byte at an index, whitespace, string ends, literals
// (CanonicalScanner.cs says how the type is split).
internal ref partial struct CanonicalScanner
{
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
