using System.IO.Hashing;
using System.Text;
using CallMetrics.Core.Events;
using CallMetrics.Streaming.Elements;

namespace CallMetrics.Streaming.Stages;

/// <summary>
/// Routing to engine shards: each event goes to the shard that owns its tenant (a stable hash of the tenant's name,
/// so a restart routes the same way); control elements go to every shard. After a batch, every shard learns how far
/// each source in it got (<see cref="SourceProgress"/>): a shard sees only its tenants' events, and a shard whose
/// tenants fell quiet would otherwise keep its last windows open while the sources move on. Elements for one shard
/// (a shard's engine replaced, a progress marker of scaled mode) go to that shard only.
/// </summary>
/// <param name="shards">Number of shards.</param>
/// <param name="symbols">The graph's symbol table (tenant names).</param>
/// <param name="sourcesInOrder">
/// Whether every record of a source passes here in the source's order (one instance reads the input), so that how far
/// a source got in a batch holds for every shard. Scaled mode's input is the repartition topic, whose partitions
/// interleave an origin's records in no common order: there, each shard learns an origin's progress from the
/// router's markers in its own partition, never from another partition's records.
/// </param>
internal sealed class ShardRouter(int shards, SymbolTable symbols, bool sourcesInOrder = true)
{
    private readonly Dictionary<int, int> _shardOfTenant = [];
    private readonly Dictionary<int, long> _reached = [];

    /// <summary>The shard that owns a tenant.</summary>
    public static int ShardOf(string tenant, int shards) =>
        (int)(XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(tenant)) % (ulong)shards);

    /// <summary>What each shard gets of <paramref name="element"/>, in order.</summary>
    public List<StreamElement>[] Route(StreamElement element)
    {
        var routed = new List<StreamElement>[shards];
        var only = element switch
        {
            ShardReplaced replaced => replaced.Shard,
            SourceProgress { Shard: { } shard } => shard,
            _ => -1,
        };
        if (only >= 0)
        {
            for (var k = 0; k < shards; k++)
            {
                routed[k] = k == only ? [element] : [];
            }

            return routed;
        }

        if (element is not EventBatch batch)
        {
            for (var k = 0; k < shards; k++)
            {
                routed[k] = [element];
            }

            return routed;
        }

        var parts = new EventBatch[shards];
        for (var k = 0; k < shards; k++)
        {
            parts[k] = new EventBatch(new RecordBatch(batch.Count * 256 / shards + 1024, batch.Count / shards + 16), batch.Stamp);
        }

        var touched = new HashSet<int>();
        var next = 0;
        var events = batch.Events;
        for (var i = 0; i < events.Length; i++)
        {
            if (next < batch.Rejections.Count && batch.Rejections[next].Index == i)
            {
                // Rejections need no engine: the first shard dead-letters them.
                parts[0].AddRejected(batch, i, batch.Rejections[next++].Reason);
                continue;
            }

            ref readonly var e = ref events[i];
            parts[Shard(e.Tenant)].Add(batch, i);
            var source = batch.Records.Position(i).Source;
            if (sourcesInOrder)
            {
                _reached[source] = _reached.TryGetValue(source, out var reached) ? Math.Max(reached, e.Timestamp) : e.Timestamp;
                touched.Add(source);
            }
        }

        batch.Return();
        for (var k = 0; k < shards; k++)
        {
            routed[k] = [parts[k]];
            foreach (var source in touched)
            {
                routed[k].Add(new SourceProgress(source, _reached[source]));
            }
        }

        return routed;
    }

    private int Shard(int tenant)
    {
        if (!_shardOfTenant.TryGetValue(tenant, out var shard))
        {
            shard = ShardOf(symbols[tenant], shards);
            _shardOfTenant[tenant] = shard;
        }

        return shard;
    }
}
