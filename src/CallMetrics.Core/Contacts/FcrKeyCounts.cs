using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CallMetrics.Core.Contacts;

/// <summary>
/// One interval's <see cref="FcrCounts"/> per key, enumerated in first-insertion order. While contacts end in the
/// interval it is a dictionary; once a later interval has begun it is frozen into two exact arrays and a table of
/// 4-byte positions (about 36-44 bytes a key instead of a dictionary's 40-80 with its growth slack), because an
/// interval is kept for the whole FCR window, so nearly all of them are past. A key added to a frozen interval (a
/// repeat call of a call that started long ago) thaws it, in the same order.
/// </summary>
internal sealed class FcrKeyCounts
{
    private Dictionary<(FcrScope Scope, int Tenant, int Key), FcrCounts>? _open = [];
    private (FcrScope Scope, int Tenant, int Key)[] _keys = [];
    private FcrCounts[] _counts = [];
    private int[] _table = []; // position + 1; 0 is an empty entry

    /// <summary>True when counts changed since the interval was last written.</summary>
    public bool Changed { get; set; }

    /// <summary>Keys held.</summary>
    public int Count => _open?.Count ?? _keys.Length;

    /// <summary>True once frozen (and not thawed since).</summary>
    public bool IsFrozen => _open is null;

    /// <summary>The counts of <paramref name="key"/>, added as zeros when new.</summary>
    public ref FcrCounts GetOrAdd((FcrScope Scope, int Tenant, int Key) key)
    {
        if (_open is null)
        {
            var at = PositionOf(key);
            if (at >= 0)
            {
                return ref _counts[at];
            }

            Thaw();
        }

        return ref CollectionsMarshal.GetValueRefOrAddDefault(_open!, key, out _);
    }

    /// <summary>The counts of <paramref name="key"/>, or a null reference when it is not held.</summary>
    public ref FcrCounts Find((FcrScope Scope, int Tenant, int Key) key)
    {
        if (_open is not null)
        {
            return ref CollectionsMarshal.GetValueRefOrNullRef(_open, key);
        }

        var at = PositionOf(key);
        if (at < 0)
        {
            return ref Unsafe.NullRef<FcrCounts>();
        }

        return ref _counts[at];
    }

    /// <summary>The keys and their counts, in first-insertion order.</summary>
    public IEnumerable<((FcrScope Scope, int Tenant, int Key) Key, FcrCounts Counts)> Entries()
    {
        if (_open is not null)
        {
            foreach (var (key, counts) in _open)
            {
                yield return (key, counts);
            }

            yield break;
        }

        for (var i = 0; i < _keys.Length; i++)
        {
            yield return (_keys[i], _counts[i]);
        }
    }

    /// <summary>Moves the counts into exact arrays (nothing when frozen already).</summary>
    public void Freeze()
    {
        if (_open is null)
        {
            return;
        }

        var n = _open.Count;
        _keys = new (FcrScope, int, int)[n];
        _counts = new FcrCounts[n];
        var i = 0;
        foreach (var (key, counts) in _open)
        {
            _keys[i] = key;
            _counts[i] = counts;
            i++;
        }

        var size = 4;
        while (size < 2 * n)
        {
            size *= 2;
        }

        _table = new int[size];
        for (i = 0; i < n; i++)
        {
            var slot = Home(_keys[i]);
            while (_table[slot] != 0)
            {
                slot = (slot + 1) & (size - 1);
            }

            _table[slot] = i + 1;
        }

        _open = null;
    }

    private int Home((FcrScope Scope, int Tenant, int Key) key) => key.GetHashCode() & (_table.Length - 1);

    private int PositionOf((FcrScope Scope, int Tenant, int Key) key)
    {
        if (_table.Length == 0)
        {
            return -1;
        }

        for (var slot = Home(key); ; slot = (slot + 1) & (_table.Length - 1))
        {
            var entry = _table[slot];
            if (entry == 0)
            {
                return -1;
            }

            if (_keys[entry - 1] == key)
            {
                return entry - 1;
            }
        }
    }

    private void Thaw()
    {
        _open = new Dictionary<(FcrScope, int, int), FcrCounts>(_keys.Length + 1);
        for (var i = 0; i < _keys.Length; i++)
        {
            _open.Add(_keys[i], _counts[i]);
        }

        _keys = [];
        _counts = [];
        _table = [];
    }
}
