namespace CallMetrics.Core.Events;

/// <summary>
/// The name of each symbol, in chunks of 4,096 that never move once created, so that any thread may read the
/// name of a symbol it was handed without a lock. A chunk whose names are all freed is dropped: memory follows
/// the live names, not every name ever seen. Writes (<see cref="Set"/>, <see cref="MarkRetired"/>, <see cref="Free"/>)
/// come from one thread at a time (the <see cref="SymbolTable"/>'s lock); <see cref="IsRetired"/> takes no lock, so an
/// engine checks each event's symbols for a retirement without one.
/// </summary>
internal sealed class SymbolNames
{
    private const int ChunkBits = 12;
    private const int ChunkSize = 1 << ChunkBits;

    private string?[]?[] _chunks = [new string?[ChunkSize]];
    private bool[]?[] _retired = [new bool[ChunkSize]];
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
            var retired = new bool[]?[chunks.Length];
            _retired.CopyTo(retired, 0);
            Array.Resize(ref _freedInChunk, chunks.Length);
            Volatile.Write(ref _retired, retired);

            // Readers holding the old array still find every name they could be handed: chunks are shared.
            Volatile.Write(ref _chunks, chunks);
        }

        var names = _chunks[chunk];
        if (names is null)
        {
            // The flags first: a reader that finds the name finds its flags.
            Volatile.Write(ref _retired[chunk], new bool[ChunkSize]);
            names = new string?[ChunkSize];
            Volatile.Write(ref _chunks[chunk], names);
        }

        // Published before the symbol is (the index slot, the count): a reader that has the symbol finds its name.
        Volatile.Write(ref names[symbol & (ChunkSize - 1)], name);
    }

    /// <summary>
    /// True once <paramref name="symbol"/> is retired (<see cref="MarkRetired"/>), until it is freed; no lock. A freed
    /// symbol reads as not retired: the release protocol hands none to a reader any more.
    /// </summary>
    public bool IsRetired(int symbol)
    {
        var flags = Volatile.Read(ref _retired);
        var chunk = (uint)(symbol >> ChunkBits);
        return chunk < (uint)flags.Length && Volatile.Read(ref flags[chunk]) is { } retired && Volatile.Read(ref retired[symbol & (ChunkSize - 1)]);
    }

    /// <summary>Marks a symbol whose name is set as retired (<see cref="IsRetired"/>); false when it is not set or already marked.</summary>
    public bool MarkRetired(int symbol)
    {
        var chunk = symbol >> ChunkBits;
        if ((uint)chunk >= (uint)_chunks.Length || _chunks[chunk] is not { } names || names[symbol & (ChunkSize - 1)] is null)
        {
            return false;
        }

        ref var retired = ref _retired[chunk]![symbol & (ChunkSize - 1)];
        if (retired)
        {
            return false;
        }

        Volatile.Write(ref retired, true);
        return true;
    }

    /// <summary>Frees the name of <paramref name="symbol"/>; false when it had none. Writer only.</summary>
    public bool Free(int symbol)
    {
        var chunk = symbol >> ChunkBits;
        if ((uint)chunk >= (uint)_chunks.Length || _chunks[chunk] is not { } names || names[symbol & (ChunkSize - 1)] is null)
        {
            return false;
        }

        Volatile.Write(ref _retired[chunk]![symbol & (ChunkSize - 1)], false);
        Volatile.Write(ref names[symbol & (ChunkSize - 1)], null);
        if (++_freedInChunk[chunk] == ChunkSize)
        {
            // Every name of the chunk is gone and numbers are never reused: nobody asks for them again.
            Volatile.Write(ref _chunks[chunk], null);
            Volatile.Write(ref _retired[chunk], null);
        }

        return true;
    }
}
