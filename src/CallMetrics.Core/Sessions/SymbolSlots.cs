namespace CallMetrics.Core.Sessions;

/// <summary>
/// A slot per symbol, in chunks of 4096 symbols that exist only while one of their slots is in use.
/// Symbol numbers are never reused (<see cref="Events.SymbolTable.Release"/>), so a flat array indexed
/// by call symbol would grow with every call ever seen; call symbols are handed out in time order and
/// their calls end in roughly that order, so old chunks empty out and are dropped, and memory follows
/// the live (and retained) calls. A lookup is one read of the small chunk table and one of the slot.
/// </summary>
/// <typeparam name="T">The slot type.</typeparam>
internal sealed class SymbolSlots<T>
{
    /// <summary>Largest symbol held here; callers keep larger (and negative) ones elsewhere.</summary>
    public const int MaxSymbol = (1 << 26) - 1;

    private const int ChunkBits = 12;
    private const int ChunkSize = 1 << ChunkBits;
    private static readonly T[] Empty = new T[1];

    private readonly int _maxSpare;
    private readonly Stack<T[]> _spare = new();
    private T[]?[] _chunks = new T[]?[16];
    private int[] _used = new int[16];

    /// <summary>
    /// Creates empty slots. Emptied chunks are kept for new ones up to <paramref name="maxSpare"/>: a few for
    /// slots that come and go one by one (sessions), all for a set cleared at once and refilled (ended calls).
    /// </summary>
    public SymbolSlots(int maxSpare = 4) => _maxSpare = maxSpare;

    /// <summary>True when <paramref name="symbol"/> can have a slot here.</summary>
    public static bool Holds(int symbol) => (uint)symbol <= MaxSymbol;

    /// <summary>The slot of <paramref name="symbol"/> to read (a default value when its chunk does not exist).</summary>
    public ref readonly T Peek(int symbol)
    {
        var chunk = (uint)(symbol >> ChunkBits);
        if (chunk < (uint)_chunks.Length && _chunks[chunk] is { } slots)
        {
            return ref slots[symbol & (ChunkSize - 1)];
        }

        return ref Empty[0];
    }

    /// <summary>Prefetches the slot of <paramref name="symbol"/> (a hint; nothing when its chunk does not exist).</summary>
    public void Prefetch(int symbol)
    {
        var chunk = (uint)(symbol >> ChunkBits);
        if (chunk < (uint)_chunks.Length && _chunks[chunk] is { } slots)
        {
            Processing.CacheHint.Element(slots, symbol & (ChunkSize - 1));
        }
    }

    /// <summary>
    /// The slot of <paramref name="symbol"/> to write, creating its chunk. Report a slot that goes from
    /// unused to used with <see cref="Use"/>, and back (after resetting it) with <see cref="Free"/>.
    /// </summary>
    public ref T Slot(int symbol)
    {
        var chunk = symbol >> ChunkBits;
        if (chunk >= _chunks.Length)
        {
            var size = Math.Max(chunk + 1, _chunks.Length * 2);
            Array.Resize(ref _chunks, size);
            Array.Resize(ref _used, size);
        }

        var slots = _chunks[chunk] ??= _spare.Count > 0 ? _spare.Pop() : new T[ChunkSize];
        return ref slots[symbol & (ChunkSize - 1)];
    }

    /// <summary>The slot of <paramref name="symbol"/> is now in use.</summary>
    public void Use(int symbol) => _used[symbol >> ChunkBits]++;

    /// <summary>
    /// The slot of <paramref name="symbol"/> is no longer in use (and reset to default); a chunk with no
    /// slot in use is dropped, or kept (all default) for the next new chunk when fewer than a few are.
    /// </summary>
    public void Free(int symbol)
    {
        var chunk = symbol >> ChunkBits;
        if (--_used[chunk] == 0)
        {
            if (_spare.Count < _maxSpare)
            {
                _spare.Push(_chunks[chunk]!);
            }

            _chunks[chunk] = null;
        }
    }
}
