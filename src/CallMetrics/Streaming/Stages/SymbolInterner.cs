using System.Collections.Concurrent;
using CallMetrics.Core.Events;
using CallMetrics.Streaming.Elements;

namespace CallMetrics.Streaming.Stages;

/// <summary>
/// The one writer of the graph's symbol table: renumbers each decoded batch from its own table into the graph's,
/// in stream order (names in the order the batch's decoder first met them, so every name gets the number one
/// decoder reading everything in order would have given it), and releases the call ids the engines forgot.
/// </summary>
/// <remarks>
/// Each engine releases through a scope of its own (<see cref="ReleaseScope"/>). Scaled mode replaces a shard's engine
/// when its partition moves: the new engine is built here (restoring interns names), and from then on whatever the
/// replaced engine still forgets is ignored, since the new one may hold the same names under the same numbers. What
/// the replaced engine held is kept until the process restarts (bounded by its open calls at the move).
/// </remarks>
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

    // Call ids the engines will never refer to again, with the scope of the engine that forgot them.
    private readonly ConcurrentQueue<(Scope Scope, int Symbol)> _forgotten = new();
    private readonly Dictionary<int, Scope> _shardScopes = [];

    /// <summary>
    /// How an engine of shard <paramref name="shard"/> releases the call ids it forgot (any thread): they are released
    /// here, by the table's one writer, unless the engine was replaced since.
    /// </summary>
    public Action<int> ReleaseScope(int shard)
    {
        if (_shardScopes.Remove(shard, out var replaced))
        {
            replaced.Replaced = true;
        }

        var scope = new Scope();
        _shardScopes[shard] = scope;
        return symbol => _forgotten.Enqueue((scope, symbol));
    }

    /// <summary>Renumbers an event batch; builds a replaced shard's engine; passes every other element through.</summary>
    public StreamElement Intern(StreamElement element)
    {
        while (_forgotten.TryDequeue(out var forgotten))
        {
            if (forgotten.Scope.Replaced)
            {
                continue;
            }

            var symbol = forgotten.Symbol;
            if (_known.Remove(Symbols[symbol], out var known) && known != symbol)
            {
                _known[Symbols[symbol]] = known;
            }

            Symbols.Release(symbol);
        }

        if (element is ShardReplaced replaced)
        {
            replaced.Build(ReleaseScope(replaced.Shard));
            return replaced;
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

    private sealed class Scope
    {
        public volatile bool Replaced;
    }
}
