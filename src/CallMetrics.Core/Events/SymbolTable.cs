using System.Buffers;
using System.IO.Hashing;
using System.Text;
using System.Text.Unicode;

namespace CallMetrics.Core.Events;

/// <summary>
/// Interns names (tenants, agents, calls, callers, queues, teams, reasons, ...) as dense positive integers,
/// looking them up by their UTF-8 bytes, so that a name seen before costs neither an allocation nor a lock.
/// Symbol 0 is reserved for "absent". Safe for several decoders at once.
/// </summary>
/// <remarks>
/// <para>
/// <b>Threads.</b> Any number of threads may intern at the same time: a name already known is found without a lock
/// (a hash index whose slots are written atomically and never move, <see cref="SymbolIndex"/>); a new name takes a
/// lock, is looked up again under it and added, so the same name always gets the same symbol and different names
/// different ones. Any thread may read the name of a symbol it was handed (<see cref="this[int]"/>): names are
/// published before their symbols, in chunks that never move.
/// </para>
/// <para>
/// <b>Numbers are never reused.</b> A symbol means one name for the life of the table; a name that comes back after
/// its symbol was released gets a new number. Output never depends on the numbers (lines and views are ordered by
/// name or by input), so numbering that follows the timing of concurrent decoders changes nothing visible.
/// </para>
/// <para>
/// <b>Release protocol.</b> An engine that will never use a symbol again (a call long over) hands it back so that
/// memory follows the live names. With decoders running ahead of the engine, events decoded earlier may still
/// carry that symbol, so a release has two steps:
/// </para>
/// <list type="number">
/// <item><description>The stage that hands batches of messages to decoders reads <see cref="Generation"/> for each
/// batch before handing it over, in input order, and keeps it with the batch (its stamp).</description></item>
/// <item><description><see cref="Retire"/> (any thread, typically the engine's): from then on no lookup returns the
/// symbol (a later message naming it gets a new symbol), but its name stays readable. The generation moves
/// on.</description></item>
/// <item><description>Before handing each event to the engine, the applying side calls
/// <see cref="Refresh(ref CanonicalEvent, long)"/> with the event's batch stamp: an event decoded before a retire
/// gets the current symbols of its names (free when nothing was retired since the stamp), so the engine never
/// receives a symbol after retiring it.</description></item>
/// <item><description>After applying a batch, the applying side calls <see cref="Reclaim"/> with its stamp: every
/// event decoded under an earlier stamp is applied, so the names retired before that batch was stamped are freed
/// (with several engines applying parts of each batch, pass the smallest stamp all of them have applied).
/// </description></item>
/// </list>
/// <para>
/// <see cref="Release"/> does both steps at once: for a caller that knows no event carrying the symbol is still on
/// its way (a single thread that decodes and applies, or one that declares such a quiescent point).
/// </para>
/// </remarks>
public sealed class SymbolTable
{
    /// <summary>What a released symbol reads as.</summary>
    public const string ReleasedName = "(released)";

    // Seeded per process so that names cannot be crafted to collide in the index.
    private static readonly long Seed = Random.Shared.NextInt64();

    private readonly Lock _gate = new();
    private readonly SymbolNames _names = new();
    private readonly Queue<(long Generation, int Symbol)> _retiring = new();
    private SymbolIndex _index = new(16);
    private int _count = 1;
    private long _generation;
    private long _released;

    /// <summary>Creates an empty table.</summary>
    public SymbolTable() => _names.Set(0, string.Empty);

    /// <summary>Number of symbols handed out, including the reserved 0 (released ones included).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Names freed so far.</summary>
    public long Released => Volatile.Read(ref _released);

    /// <summary>Moves on at every retire: the stamp of a batch about to be decoded (see the remarks).</summary>
    public long Generation => Volatile.Read(ref _generation);

    /// <summary>The name of a symbol; the empty string for 0, <see cref="ReleasedName"/> once freed.</summary>
    public string this[int symbol] => _names.Get(symbol) ?? ReleasedName;

    /// <summary>The symbol of a name given as UTF-8 bytes, adding it when new. Any thread.</summary>
    public int Intern(ReadOnlySpan<byte> utf8) => utf8.IsEmpty ? 0 : Intern(utf8, Hash(utf8));

    private int Intern(ReadOnlySpan<byte> utf8, uint hash)
    {
        var key = new Utf8Key(utf8);
        var symbol = Volatile.Read(ref _index).Find(hash, ref key);
        return symbol != 0 ? symbol : AddUtf8(utf8, hash);
    }

    /// <summary>The symbol of a name, adding it when new. Any thread.</summary>
    public int Intern(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return 0;
        }

        var hash = Hash(name);
        var key = new CharsKey(name);
        var symbol = Volatile.Read(ref _index).Find(hash, ref key);
        if (symbol != 0)
        {
            return symbol;
        }

        lock (_gate)
        {
            symbol = _index.Find(hash, ref key);
            return symbol != 0 ? symbol : Add(name.ToString(), hash);
        }
    }

    /// <summary>The symbol of a name, adding it when new. Any thread.</summary>
    public int Intern(string name) => Intern(name.AsSpan());

    /// <summary>The symbol of a name that is already known; false when it is not.</summary>
    public bool TryGet(string name, out int symbol)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = new CharsKey(name);
        symbol = name.Length == 0 ? 0 : Volatile.Read(ref _index).Find(Hash(name.AsSpan()), ref key);
        return symbol != 0;
    }

    /// <summary>
    /// Step 2 of the release protocol (remarks): no lookup returns <paramref name="symbol"/> from now on; its name
    /// stays readable until <see cref="Reclaim"/> frees it. Any thread; a symbol already retired or unknown is ignored.
    /// </summary>
    public void Retire(int symbol)
    {
        lock (_gate)
        {
            if (RetireLocked(symbol))
            {
                _retiring.Enqueue((_generation, symbol));
                Volatile.Write(ref _generation, _generation + 1);
            }
        }
    }

    /// <summary>
    /// Step 3 of the release protocol (remarks): gives each name of <paramref name="e"/>, decoded from a batch stamped
    /// <paramref name="stamp"/>, its current symbol if its symbol was retired since. Nothing to do, and no lock, when
    /// nothing was retired since the stamp.
    /// </summary>
    public void Refresh(ref CanonicalEvent e, long stamp)
    {
        if (stamp == Volatile.Read(ref _generation))
        {
            return;
        }

        e.Tenant = Current(e.Tenant);
        e.Call = Current(e.Call);
        e.Agent = Current(e.Agent);
        e.DetailSlot = Current(e.DetailSlot);
        e.PartySlot = Current(e.PartySlot);
    }

    /// <summary>
    /// Step 4 of the release protocol (remarks): every event of every batch stamped below <paramref name="stamp"/> has
    /// been applied, so the names retired before such a stamp was taken are freed.
    /// </summary>
    public void Reclaim(long stamp)
    {
        lock (_gate)
        {
            while (_retiring.TryPeek(out var retiring) && retiring.Generation < stamp)
            {
                _retiring.Dequeue();
                if (_names.IsRetired(retiring.Symbol))
                {
                    FreeLocked(retiring.Symbol);
                }
            }
        }
    }

    /// <summary>
    /// Retires and frees <paramref name="symbol"/> at once (the remarks' steps 2 and 4): only when no event carrying it
    /// is on its way to the engine any more. A late event for the name interns it afresh under a new number.
    /// </summary>
    public void Release(int symbol)
    {
        lock (_gate)
        {
            if (_names.IsRetired(symbol))
            {
                FreeLocked(symbol);
            }
            else if (RetireLocked(symbol))
            {
                FreeLocked(symbol);
                Volatile.Write(ref _generation, _generation + 1);
            }
        }
    }

    private int AddUtf8(ReadOnlySpan<byte> utf8, uint hash)
    {
        if (!Utf8.IsValid(utf8))
        {
            // Bytes that are not UTF-8 stand for the string they decode to, with replacement characters.
            return Intern(Encoding.UTF8.GetString(utf8));
        }

        lock (_gate)
        {
            var key = new Utf8Key(utf8);
            var symbol = _index.Find(hash, ref key);
            return symbol != 0 ? symbol : Add(Encoding.UTF8.GetString(utf8), hash); // the name's one string, for output
        }
    }

    private int Add(string name, uint hash)
    {
        if (_index.IsCrowded)
        {
            Volatile.Write(ref _index, _index.Rebuilt());
        }

        var symbol = _count;
        _names.Set(symbol, name);
        _index.Add(hash, symbol, name);
        Volatile.Write(ref _count, symbol + 1);
        return symbol;
    }

    private bool RetireLocked(int symbol)
    {
        if (symbol <= 0 || symbol >= _count || _names.IsRetired(symbol) || _names.Get(symbol) is not { } name)
        {
            return false;
        }

        _index.Remove(Hash(name.AsSpan()), symbol);
        _names.MarkRetired(symbol);
        return true;
    }

    private void FreeLocked(int symbol)
    {
        if (_names.Free(symbol))
        {
            Volatile.Write(ref _released, _released + 1);
        }
    }

    private int Current(int symbol)
    {
        // Most symbols are not retired: known without the lock.
        if (symbol == 0 || !_names.IsRetired(symbol))
        {
            return symbol;
        }

        string? name;
        lock (_gate)
        {
            if (!_names.IsRetired(symbol))
            {
                return symbol;
            }

            name = _names.Get(symbol);
        }

        // Retired but not yet reclaimed (the protocol guarantees it): the name's symbol now, new if need be.
        return name is null ? symbol : Intern(name);
    }

    // The hash of the UTF-8 encoding, so that a name hashes alike however it is given (invalid UTF-16 encodes with
    // replacement characters; equality stays ordinal, so such a name only shares a hash with its replaced form).
    private static uint Hash(ReadOnlySpan<byte> utf8) => (uint)(XxHash3.HashToUInt64(utf8, Seed) >> 32);

    private static uint Hash(ReadOnlySpan<char> name)
    {
        var max = Encoding.UTF8.GetMaxByteCount(name.Length);
        byte[]? rented = null;
        var buffer = max <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            return Hash(buffer[..Encoding.UTF8.GetBytes(name, buffer)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
