using System.Collections.Concurrent;
using CallMetrics.Core.Events;
using CallMetrics.Streaming.Elements;

namespace CallMetrics.Streaming.Stages;

/// <summary>
/// The one writer of the graph's symbol table: renumbers each decoded batch from its own table into the graph's,
/// in stream order (names in the order the batch's decoder first met them, so every name gets the number one
/// decoder reading everything in order would have given it), and releases the call ids the engines forgot.
/// </summary>
internal sealed class SymbolInterner
{
    private int[] _map = new int[1024];

    // The graph's symbols by name, with ordinal string hashing: the table itself hashes a name's UTF-8 bytes (so that
    // decoders look bytes up without transcoding), which costs a transcoding per lookup of a string. Renumbering looks
    // every distinct name of every batch up by string, so it keeps this front cache, in step with releases.
    private readonly Dictionary<string, int> _known = new(StringComparer.Ordinal);

    /// <summary>Creates the interner of <paramref name="symbols"/>.</summary>
    public SymbolInterner(SymbolTable symbols)
    {
        Symbols = symbols;

        // The decoders' tables start with the default tenant; so does the graph's (EventDecoder interns it first).
        symbols.Intern(Core.Decoding.EventDecoder.DefaultTenant);
    }

    /// <summary>The graph's table.</summary>
    public SymbolTable Symbols { get; }

    /// <summary>Call ids the engines will never refer to again; released here, by the table's one writer.</summary>
    public ConcurrentQueue<int> Forgotten { get; } = new();

    /// <summary>Renumbers an event batch; passes every other element through.</summary>
    public StreamElement Intern(StreamElement element)
    {
        while (Forgotten.TryDequeue(out var symbol))
        {
            if (_known.Remove(Symbols[symbol], out var known) && known != symbol)
            {
                _known[Symbols[symbol]] = known;
            }

            Symbols.Release(symbol);
        }

        if (element is not EventBatch batch || ReferenceEquals(batch.Symbols, Symbols))
        {
            return element;
        }

        var local = batch.Symbols;
        var count = local.Count;
        if (_map.Length < count)
        {
            _map = new int[Math.Max(count, _map.Length * 2)];
        }

        var map = _map;
        for (var symbol = 1; symbol < count; symbol++)
        {
            var name = local[symbol];
            ref var global = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_known, name, out var exists);
            if (!exists)
            {
                global = Symbols.Intern(name);
            }

            map[symbol] = global;
        }

        var next = 0;
        var rejections = batch.Rejections;
        var events = batch.Events;
        for (var i = 0; i < events.Length; i++)
        {
            if (next < rejections.Count && rejections[next].Index == i)
            {
                next++;
                continue;
            }

            ref var e = ref events[i];
            e.Tenant = map[e.Tenant];
            e.Call = map[e.Call];
            e.Agent = map[e.Agent];
            e.Queue = map[e.Queue];
            e.Team = map[e.Team];
            e.Reason = map[e.Reason];
            e.CallType = map[e.CallType];
            e.Disposition = map[e.Disposition];
            e.Caller = map[e.Caller];
        }

        batch.Symbols = Symbols;
        return batch;
    }
}
