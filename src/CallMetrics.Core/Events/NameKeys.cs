using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace CallMetrics.Core.Events;

/// <summary>A name being looked up in a <see cref="SymbolIndex"/>, compared with the stored name of a candidate symbol.</summary>
internal interface INameKey
{
    /// <summary>True when this key is the name <paramref name="name"/>.</summary>
    bool Matches(string name);
}

/// <summary>
/// A name given as UTF-8 bytes, compared with a stored string without creating one: ASCII names byte for char,
/// others decoded into a buffer on the stack. Bytes that are not valid UTF-8 match the string they decode to
/// (with replacement characters), as interning them stores it.
/// </summary>
internal readonly ref struct Utf8Key(ReadOnlySpan<byte> utf8) : INameKey
{
    private readonly ReadOnlySpan<byte> _utf8 = utf8;

    public bool Matches(string name)
    {
        if (_utf8.Length == name.Length)
        {
            // As many bytes as chars: equal only if both are the same ASCII (a non-ASCII char takes 2+ bytes).
            return Ascii.Equals(_utf8, name);
        }

        // Fewer bytes than chars cannot decode to the name; more than 3 per char cannot either.
        return _utf8.Length > name.Length && _utf8.Length <= name.Length * 3 && DecodedEquals(_utf8, name);
    }

    private static bool DecodedEquals(ReadOnlySpan<byte> utf8, string name)
    {
        char[]? rented = null;
        var chars = utf8.Length <= 256 ? stackalloc char[256] : (rented = ArrayPool<char>.Shared.Rent(utf8.Length));
        try
        {
            Utf8.ToUtf16(utf8, chars, out _, out var written);
            return chars[..written].SequenceEqual(name);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}

/// <summary>A name given as UTF-16 chars: ordinal equality (a string with a lone surrogate is its own name).</summary>
internal readonly ref struct CharsKey(ReadOnlySpan<char> chars) : INameKey
{
    private readonly ReadOnlySpan<char> _chars = chars;

    public bool Matches(string name) => _chars.SequenceEqual(name);
}
