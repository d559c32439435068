namespace CallMetrics.Core.Contacts;

/// <summary>
/// Each caller's first pending contact: an open-addressing hash table (linear probing) of slot numbers, keyed by the
/// caller of the contact in that slot, so an entry is 4 bytes (5-11 bytes a caller at 37-75 % load) where a
/// dictionary entry holding the key beside would take 28. Removal shifts the following entries back, so there are no
/// tombstones. Every entry names a held slot of <see cref="ContactSlots"/>: a contact leaves here before its slot is
/// freed.
/// </summary>
internal sealed class CallerIndex
{
    private readonly ContactSlots _slots;
    private int[] _table = new int[64]; // slot number + 1; 0 is an empty entry
    private int _count;

    /// <summary>Creates an empty index over <paramref name="slots"/>.</summary>
    public CallerIndex(ContactSlots slots) => _slots = slots;

    /// <summary>Callers with a pending contact.</summary>
    public int Count => _count;

    /// <summary>The slot of <paramref name="caller"/>'s first pending contact; false when it has none.</summary>
    public bool TryGetFirst(ulong caller, out int index)
    {
        var at = Find(caller);
        index = at >= 0 ? _table[at] - 1 : -1;
        return at >= 0;
    }

    /// <summary>Makes <paramref name="index"/> (a held slot of <paramref name="caller"/>) the caller's first pending contact.</summary>
    public void SetFirst(ulong caller, int index)
    {
        var at = Find(caller);
        if (at >= 0)
        {
            _table[at] = index + 1;
            return;
        }

        if ((_count + 1) * 4L > _table.Length * 3L)
        {
            Grow();
        }

        Insert(caller, index + 1);
        _count++;
    }

    /// <summary>Forgets <paramref name="caller"/> (it has no pending contact any more).</summary>
    public void Remove(ulong caller)
    {
        var hole = Find(caller);
        if (hole < 0)
        {
            return;
        }

        // Backward shift: an entry further on moves into the hole unless its home lies between the hole and it.
        var mask = _table.Length - 1;
        for (var j = (hole + 1) & mask; _table[j] != 0; j = (j + 1) & mask)
        {
            var home = Home(_slots[_table[j] - 1].Caller, mask);
            if (((j - home) & mask) >= ((j - hole) & mask))
            {
                _table[hole] = _table[j];
                hole = j;
            }
        }

        _table[hole] = 0;
        _count--;
    }

    private static int Home(ulong caller, int mask) => (int)(caller ^ (caller >> 32)) & mask;

    private int Find(ulong caller)
    {
        var mask = _table.Length - 1;
        for (var i = Home(caller, mask); ; i = (i + 1) & mask)
        {
            var entry = _table[i];
            if (entry == 0)
            {
                return -1;
            }

            if (_slots[entry - 1].Caller == caller)
            {
                return i;
            }
        }
    }

    private void Insert(ulong caller, int entry)
    {
        var mask = _table.Length - 1;
        var i = Home(caller, mask);
        while (_table[i] != 0)
        {
            i = (i + 1) & mask;
        }

        _table[i] = entry;
    }

    private void Grow()
    {
        var old = _table;
        _table = new int[old.Length * 2];
        foreach (var entry in old)
        {
            if (entry != 0)
            {
                Insert(_slots[entry - 1].Caller, entry);
            }
        }
    }
}
