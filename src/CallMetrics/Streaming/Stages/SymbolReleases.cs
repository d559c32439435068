using CallMetrics.Core.Events;
using CallMetrics.Streaming.Elements;

namespace CallMetrics.Streaming.Stages;

/// <summary>
/// The release protocol of the graph's one symbol table (<see cref="SymbolTable"/>, remarks): decoders intern into
/// the table in parallel, running ahead of the engines, so a call id an engine forgot is first retired (no decoder is
/// handed its number again) and freed only once every engine has applied every batch stamped before the retirement.
/// </summary>
/// <remarks>
/// <para>
/// Each engine releases through a scope of its own (<see cref="ReleaseScope"/>) and reports each batch it applied
/// (<see cref="Applied"/>); the smallest stamp all engines applied is what the table may reclaim up to.
/// </para>
/// <para>
/// Scaled mode replaces a shard's engine when its partition moves: the new engine is built by <see cref="Pass"/>, in
/// stream order (restoring interns names), and from then on whatever the replaced engine still forgets is ignored,
/// since the new one may hold the same names under the same numbers. What the replaced engine held is kept until the
/// process restarts (bounded by its open calls at the move).
/// </para>
/// </remarks>
internal sealed class SymbolReleases
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, Scope> _shardScopes = [];
    private readonly Dictionary<int, long> _applied = [];
    private long _reclaimed;

    /// <summary>Creates the releases of <paramref name="symbols"/>.</summary>
    public SymbolReleases(SymbolTable symbols)
    {
        Symbols = symbols;

        // Every decoder's events name the default tenant first; it gets the same number in every run.
        symbols.Intern(Core.Decoding.EventDecoder.DefaultTenant);
    }

    /// <summary>The graph's table.</summary>
    public SymbolTable Symbols { get; }

    /// <summary>
    /// How the engine of shard <paramref name="shard"/> releases the call ids it forgot (its thread): each is retired
    /// at once, unless the engine was replaced since.
    /// </summary>
    public Action<int> ReleaseScope(int shard)
    {
        var scope = new Scope();
        lock (_gate)
        {
            if (_shardScopes.Remove(shard, out var replaced))
            {
                replaced.Replaced = true;
            }

            _shardScopes[shard] = scope;
            _applied.TryAdd(shard, 0);
        }

        var symbols = Symbols;
        return symbol =>
        {
            if (!scope.Replaced)
            {
                symbols.Retire(symbol);
            }
        };
    }

    /// <summary>
    /// Shard <paramref name="shard"/> applied every event of the batches stamped up to <paramref name="stamp"/> (any
    /// thread): the names retired before the smallest such stamp of all shards are freed.
    /// </summary>
    public void Applied(int shard, long stamp)
    {
        long reclaimable;
        lock (_gate)
        {
            _applied[shard] = stamp;
            reclaimable = long.MaxValue;
            foreach (var applied in _applied.Values)
            {
                reclaimable = Math.Min(reclaimable, applied);
            }

            if (reclaimable <= _reclaimed)
            {
                return;
            }

            _reclaimed = reclaimable;
        }

        Symbols.Reclaim(reclaimable);
    }

    /// <summary>Builds a replaced shard's engine where the element stands in the stream; passes every element on.</summary>
    public StreamElement Pass(StreamElement element)
    {
        if (element is ShardReplaced replaced)
        {
            replaced.Build(ReleaseScope(replaced.Shard));
        }

        return element;
    }

    private sealed class Scope
    {
        public volatile bool Replaced;
    }
}
