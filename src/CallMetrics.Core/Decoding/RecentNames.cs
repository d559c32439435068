using CallMetrics.Core.Events;

namespace CallMetrics.Core.Decoding;

/// <summary>
/// A small direct-mapped cache in front of <see cref="SymbolTable.Intern(ReadOnlySpan{byte})"/> for fields with few
/// distinct values that repeat on almost every line (tenant, queue, reason, call type): a hit compares a few bytes
/// instead of hashing the name and probing the table. Not for names with many values that come and go (call ids,
/// callers). Its owner clears it whenever the table retires a symbol, so it never hands one out again.
/// </summary>
internal sealed class RecentNames
{
    private const int MaxCachedBytes = 64;
    private readonly byte[][] _names;
    private readonly int[] _lengths;
    private readonly int[] _symbols;
    private readonly int _mask;

    /// <summary>Creates a cache of <paramref name="slots"/> entries (a power of two).</summary>
    public RecentNames(int slots)
    {
        if (slots <= 0 || (slots & (slots - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(slots), slots, "a power of two");
        }

        _names = new byte[slots][];
        for (var i = 0; i < slots; i++)
        {
            _names[i] = new byte[MaxCachedBytes];
        }

        _lengths = new int[slots];
        _symbols = new int[slots];
        _mask = slots - 1;
    }

    /// <summary>Forgets every cached name.</summary>
    public void Clear() => Array.Clear(_symbols);

    /// <summary>The symbol of <paramref name="utf8"/> in <paramref name="table"/>, interned when new.</summary>
    public int Intern(SymbolTable table, ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return 0;
        }

        var slot = (utf8.Length + (utf8[^1] * 31) + (utf8[utf8.Length >> 1] * 7)) & _mask;
        if (_symbols[slot] != 0 && _lengths[slot] == utf8.Length && utf8.SequenceEqual(_names[slot].AsSpan(0, utf8.Length)))
        {
            return _symbols[slot];
        }

        var symbol = table.Intern(utf8);
        if (utf8.Length <= MaxCachedBytes)
        {
            utf8.CopyTo(_names[slot]);
            _lengths[slot] = utf8.Length;
            _symbols[slot] = symbol;
        }

        return symbol;
    }
}
