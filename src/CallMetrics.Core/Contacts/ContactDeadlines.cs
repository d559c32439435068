namespace CallMetrics.Core.Contacts;

/// <summary>
/// The pending contacts in end order, which is deadline order (contacts end in event-time order and all have the same
/// window): a ring of slot numbers. A contact carries the position of its entry (its ticket), so an entry left behind by
/// a contact settled early (repeated) is told stale when it comes up, its slot free or reused. When the ring is full
/// and at least half of it is stale it is compacted (live entries renumbered) rather than grown, so it holds at most
/// about two entries (8 bytes) per pending contact, not one per contact of the last window.
/// </summary>
internal sealed class ContactDeadlines
{
    private readonly ContactSlots _slots;
    private int[] _ring = new int[64];
    private int _head;
    private int _count;
    private uint _headTicket;

    /// <summary>Creates an empty queue over <paramref name="slots"/>.</summary>
    public ContactDeadlines(ContactSlots slots) => _slots = slots;

    /// <summary>Entries held, stale ones included.</summary>
    public int Count => _count;

    /// <summary>Queues the contact in slot <paramref name="index"/> (the newest), <paramref name="live"/> being the contacts pending before it, and sets its ticket.</summary>
    public void Enqueue(int index, int live)
    {
        if (_count == _ring.Length)
        {
            if (_count - live >= live)
            {
                Compact();
            }

            if (_count == _ring.Length)
            {
                Grow();
            }
        }

        _ring[(_head + _count) & (_ring.Length - 1)] = index;
        _slots[index].Ticket = _headTicket + (uint)_count;
        _count++;
    }

    /// <summary>The slot of the oldest pending contact, dropping stale entries before it; false when none is pending.</summary>
    public bool TryPeek(out int index)
    {
        while (_count > 0)
        {
            index = _ring[_head];
            if (IsLive(index, _headTicket))
            {
                return true;
            }

            Dequeue();
        }

        index = -1;
        return false;
    }

    /// <summary>Drops the oldest entry.</summary>
    public void Dequeue()
    {
        _head = (_head + 1) & (_ring.Length - 1);
        _count--;
        _headTicket++;
    }

    /// <summary>The slots of the pending contacts, oldest first (for a snapshot).</summary>
    public IEnumerable<int> Live()
    {
        for (var j = 0; j < _count; j++)
        {
            var index = _ring[(_head + j) & (_ring.Length - 1)];
            if (IsLive(index, _headTicket + (uint)j))
            {
                yield return index;
            }
        }
    }

    private bool IsLive(int index, uint ticket) => _slots[index] is { IsHeld: true } c && c.Ticket == ticket;

    private void Compact()
    {
        // Writes never overtake reads, so the ring is compacted in place.
        var mask = _ring.Length - 1;
        var kept = 0;
        for (var j = 0; j < _count; j++)
        {
            var index = _ring[(_head + j) & mask];
            if (IsLive(index, _headTicket + (uint)j))
            {
                _ring[(_head + kept) & mask] = index;
                _slots[index].Ticket = _headTicket + (uint)kept;
                kept++;
            }
        }

        _count = kept;
    }

    private void Grow()
    {
        var ring = new int[_ring.Length * 2];
        for (var j = 0; j < _count; j++)
        {
            ring[j] = _ring[(_head + j) & (_ring.Length - 1)];
        }

        _ring = ring;
        _head = 0;
    }
}
