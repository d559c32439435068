using System.Runtime.InteropServices;

namespace CallMetrics.Core.Events;

/// <summary>
/// The lookup half of a <see cref="SymbolTable"/>: an open-addressing hash index (linear probing) from a name's
/// 32-bit hash to its symbol, read without locks. An entry holds the name's string next to a slot, one
/// <see cref="long"/> written atomically: the hash in the upper 32 bits (its low bits pick the home entry; all of it
/// is checked before the name is compared) and the symbol in the lower 32. 0 is an empty slot; a symbol of 0 is a
/// removed entry, which probes pass over and the next name added on its way reuses. A hit reads one entry and the
/// name's string. Entries are written by one thread at a time (the table's lock); a crowded index is replaced by a
/// new one, and a reader still probing the old one can only miss what was added since, which the writer then finds
/// under the lock.
/// </summary>
internal sealed class SymbolIndex
{
    private const long Removed = 1L << 32;

    private readonly Entry[] _entries;
    private readonly int _mask;

    /// <summary>Creates an empty index of <paramref name="capacity"/> entries (a power of two).</summary>
    public SymbolIndex(int capacity)
    {
        _entries = new Entry[capacity];
        _mask = capacity - 1;
    }

    /// <summary>Entries in the index. Writer only.</summary>
    public int Live { get; private set; }

    /// <summary>Entries removed and not yet dropped by <see cref="Rebuilt"/>. Writer only.</summary>
    public int RemovedCount { get; private set; }

    /// <summary>True when one more entry would fill more than 70 % of the slots: time for <see cref="Rebuilt"/>. Writer only.</summary>
    public bool IsCrowded => (Live + RemovedCount + 1) * 10L > _entries.Length * 7L;

    /// <summary>The symbol whose name matches <paramref name="key"/>, or 0. Any thread.</summary>
    public int Find<TKey>(uint hash, scoped ref TKey key)
        where TKey : INameKey, allows ref struct
    {
        var entries = _entries;
        var i = (int)hash & _mask;
        while (true)
        {
            ref var entry = ref entries[i];
            var slot = Volatile.Read(ref entry.Slot);
            if (slot == 0)
            {
                return 0;
            }

            // The name is written before the slot, so it is there once the slot is; but the entry may be removed and
            // reused for another name while it is read: the slot read again after the name must be the same.
            if ((int)slot != 0 && (uint)((ulong)slot >> 32) == hash && Volatile.Read(ref entry.Name) is { } name && key.Matches(name)
                && Volatile.Read(ref entry.Slot) == slot)
            {
                return (int)slot;
            }

            i = (i + 1) & _mask;
        }
    }

    /// <summary>Adds <paramref name="symbol"/>, named <paramref name="name"/>, under <paramref name="hash"/>. Writer only.</summary>
    public void Add(uint hash, int symbol, string name)
    {
        // The first removed entry on the way is reused (the name is not in the index: the caller looked): names that
        // come and go (call ids) then leave no trail of removed entries. A reader passing it meanwhile compares it
        // like any other entry.
        var i = (int)hash & _mask;
        var reused = -1;
        while (_entries[i].Slot is var slot && slot != 0)
        {
            if (reused < 0 && (int)slot == 0)
            {
                reused = i;
            }

            i = (i + 1) & _mask;
        }

        if (reused >= 0)
        {
            i = reused;
            RemovedCount--;
        }

        Volatile.Write(ref _entries[i].Name, name);
        Volatile.Write(ref _entries[i].Slot, (long)(((ulong)hash << 32) | (uint)symbol));
        Live++;
    }

    /// <summary>Removes <paramref name="symbol"/>, added under <paramref name="hash"/>; false when it is not here. Writer only.</summary>
    public bool Remove(uint hash, int symbol)
    {
        var i = (int)hash & _mask;
        while (_entries[i].Slot is var slot && slot != 0)
        {
            if ((int)slot == symbol)
            {
                Volatile.Write(ref _entries[i].Slot, Removed);
                _entries[i].Name = null;
                Live--;
                RemovedCount++;
                return true;
            }

            i = (i + 1) & _mask;
        }

        return false;
    }

    /// <summary>
    /// A new index with this one's entries (removed ones left out), at most half full: the hashes are in the slots,
    /// so no name is hashed again. Writer only; this index stays valid for readers still on it.
    /// </summary>
    public SymbolIndex Rebuilt()
    {
        var capacity = 16;
        while (capacity < (Live + 1) * 2L)
        {
            capacity *= 2;
        }

        var rebuilt = new SymbolIndex(capacity);
        foreach (var entry in _entries)
        {
            if ((int)entry.Slot != 0 && entry.Name is { } name)
            {
                rebuilt.Add((uint)((ulong)entry.Slot >> 32), (int)entry.Slot, name);
            }
        }

        return rebuilt;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Entry
    {
        public long Slot;
        public string? Name;
    }
}
