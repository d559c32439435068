namespace CallMetrics.Core.Events;

/// <summary>
/// The name of each symbol, in chunks of 4,096 that never move once created, so that any thread may read the
/// name of a symbol it was handed without a lock. A chunk whose names are all freed is dropped: memory follows
/// the live names, not every name ever seen. Writes (<see cref="Set"/>, <see cref="Free"/>) come from one
/// thread at a time (the <see cref="SymbolTable"/>'s lock).
/// </summary>
internal sealed class SymbolNames
{
    private const int ChunkBits = 12;
    private const int ChunkSize = 1 << ChunkBits;

    private string?[]?[] _chunks = [new string?[ChunkSize]];
    private int[] _freedInChunk = new int[1];

    /// <summary>The name of <paramref name="symbol"/>; null when it was never set or has been freed.</summary>
    public string? Get(int symbol)
    {
        var chunks = Volatile.Read(ref _chunks);
        var chunk = (uint)(symbol >> ChunkBits);
        return chunk < (uint)chunks.Length && Volatile.Read(ref chunks[chunk]) is { } names ? Volatile.Read(ref names[symbol & (ChunkSize - 1)]) : null;
    }

    /// <summary>Stores the name of a new symbol (the next one after the last set). Writer only.</summary>
    public void Set(int symbol, string name)
    {
        var chunk = symbol >> ChunkBits;
        if (chunk >= _chunks.Length)
        {
            var chunks = new string?[]?[Math.Max(chunk + 1, _chunks.Length * 2)];
            _chunks.CopyTo(chunks, 0);
            Array.Resize(ref _freedInChunk, chunks.Length);

            // Readers holding the old array still find every name they could be handed: chunks are shared.
            Volatile.Write(ref _chunks, chunks);
        }

        var names = _chunks[chunk];
        if (names is null)
        {
            names = new string?[ChunkSize];
            Volatile.Write(ref _chunks[chunk], names);
        }

        // Published before the symbol is (the index slot, the count): a reader that has the symbol finds its name.
        Volatile.Write(ref names[symbol & (ChunkSize - 1)], name);
    }

    /// <summary>Frees the name of <paramref name="symbol"/>; false when it had none. Writer only.</summary>
    public bool Free(int symbol)
    {
        var chunk = symbol >> ChunkBits;
        if ((uint)chunk >= (uint)_chunks.Length || _chunks[chunk] is not { } names || names[symbol & (ChunkSize - 1)] is null)
        {
            return false;
        }

        Volatile.Write(ref names[symbol & (ChunkSize - 1)], null);
        if (++_freedInChunk[chunk] == ChunkSize)
        {
            // Every name of the chunk is gone and numbers are never reused: nobody asks for them again.
            Volatile.Write(ref _chunks[chunk], null);
        }

        return true;
    }
}
