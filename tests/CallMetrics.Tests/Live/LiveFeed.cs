using System.Text;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Live;
using CallMetrics.Tests.Support;

namespace CallMetrics.Tests.Live;

/// <summary>
/// Feeds JSON lines to a <see cref="LiveView"/> the way an engine shard does (decoded with the pipeline's
/// symbol table, in batches, on one thread) and reads the published picture back.
/// </summary>
internal sealed class LiveFeed
{
    public static readonly MetricsOptions Options = new() { Rolling = TimeSpan.FromMinutes(15), Step = TimeSpan.FromMinutes(1) };

    private readonly EventDecoder _decoder;

    public LiveFeed(LiveOptions? options = null, int shards = 1, LivePictures? pictures = null)
    {
        Symbols = new SymbolTable();
        _decoder = new EventDecoder(Symbols);
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        History = new LiveHistory(LiveDefaults.HistorySpan);
        View = new LiveView(Options, options ?? new LiveOptions(), Time, () => Symbols, shards, History, pictures);
    }

    /// <summary>The rolling figures of the last hour, as the service keeps them.</summary>
    public LiveHistory History { get; }

    public SymbolTable Symbols { get; }

    public FakeTimeProvider Time { get; }

    public LiveView View { get; }

    /// <summary>Decodes and applies <paramref name="lines"/> in batches of <paramref name="batchSize"/>, then publishes.</summary>
    public LivePicture Feed(IEnumerable<string> lines, int batchSize = 50, int shard = 0)
    {
        foreach (var chunk in lines.Chunk(batchSize))
        {
            var events = new List<CanonicalEvent>();
            foreach (var line in chunk)
            {
                _decoder.Decode(Encoding.UTF8.GetBytes(line), out var e).IsOk.Should().BeTrue(line);
                events.Add(e);
            }

            View.OnBatch(shard, events, [.. events.Select(_ => 0)]);
        }

        View.Flush();
        return View.Current;
    }

    /// <summary>The answer of <c>/api/v1/live</c> now.</summary>
    public LiveResponse Response(string? tenant = null, string? queue = null, string? team = null) =>
        new LiveFilter(tenant, queue, team).Apply(View.Current, Time.GetUtcNow(), pipelineWatermark: null);
}
