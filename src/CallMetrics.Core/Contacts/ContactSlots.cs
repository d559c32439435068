namespace CallMetrics.Core.Contacts;

/// <summary>
/// Where pending contacts live: slots numbered from 0, in chunks of 64K (2.25 MB) so the store grows by a chunk, never
/// by copying all it holds, with a free list through the free slots so a settled contact's slot is the next one used.
/// Memory follows the high-water mark of pending contacts.
/// </summary>
internal sealed class ContactSlots
{
    private const int ChunkBits = 16;
    private const int ChunkSize = 1 << ChunkBits;

    private readonly List<PendingContact[]> _chunks = [];
    private int _used;
    private int _freeHead = -1;

    /// <summary>Slots allocated.</summary>
    public long Capacity => (long)_chunks.Count * ChunkSize;

    /// <summary>The slot numbered <paramref name="index"/>.</summary>
    public ref PendingContact this[int index] => ref _chunks[index >> ChunkBits][index & (ChunkSize - 1)];

    /// <summary>A free slot's number (the slot is to be filled by the caller).</summary>
    public int Rent()
    {
        if (_freeHead >= 0)
        {
            var index = _freeHead;
            _freeHead = this[index].Next;
            return index;
        }

        if (_used == _chunks.Count * ChunkSize)
        {
            _chunks.Add(new PendingContact[ChunkSize]);
        }

        return _used++;
    }

    /// <summary>Frees the slot numbered <paramref name="index"/>.</summary>
    public void Return(int index)
    {
        this[index] = new PendingContact { Attribution = -1, Next = _freeHead };
        _freeHead = index;
    }
}
