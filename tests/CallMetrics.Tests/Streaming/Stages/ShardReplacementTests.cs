using CallMetrics.Core.Options;
using CallMetrics.Core.Output;
using CallMetrics.Core.Processing;
using CallMetrics.Core.Tests.Support;
using CallMetrics.Streaming.Elements;
using CallMetrics.Streaming.Stages;
using PipelineStatistics = CallMetrics.Pipeline.PipelineStatistics;

namespace CallMetrics.Tests.Streaming.Stages;

/// <summary>Scaled mode's engine replacement, in band: the shard's side and the symbol table's side.</summary>
public sealed class ShardReplacementTests
{
    [Fact]
    public void A_replaced_engine_takes_the_partitions_numbering_of_sources_and_numbers_a_new_source_after_it()
    {
        var releases = StageTestKit.NewReleases();
        var shard = new EngineShard(0, sink => new MetricsEngine(new MetricsOptions(), sink), releases.Symbols, new WindowPool(), new PipelineStatistics());
        var placeholder = shard.Engine;
        var replaced = new ShardReplaced(0, 4, new Dictionary<int, int> { [5] = 1, [6] = 0 }, release => new MetricsEngine(new MetricsOptions(), (IWindowSink)shard, releaseSymbol: release));
        var output = new List<StreamElement>();

        shard.Handle(releases.Pass(replaced), output);
        var records = new RecordBatch();
        records.Add(System.Text.Encoding.UTF8.GetBytes(Scenario.Create().At("09:00").Login("a1").Lines[0]), new SourcePosition(7, 1));
        shard.Handle(StageTestKit.Decoded(releases, records), output);
        shard.Handle(new CheckpointBarrier(1, new Dictionary<int, long> { [0] = 5 }, isFinal: false), output);

        shard.Engine.Should().NotBeSameAs(placeholder).And.BeSameAs(replaced.Engine);
        shard.Engine.Counters.Accepted.Should().Be(1);
        output.OfType<ShardSnapshot>().Single().Sources.Should().Equal(new Dictionary<int, int> { [5] = 1, [6] = 0, [7] = 2 });
    }

    [Fact]
    public void What_a_replaced_engine_forgets_is_not_released_and_what_the_current_one_forgets_is_once_every_shard_applied_past_it()
    {
        var releases = StageTestKit.NewReleases();
        var symbols = releases.Symbols;
        var old = releases.ReleaseScope(0);
        var kept = symbols.Intern("call-held-by-the-new-engine");
        var other = releases.ReleaseScope(1);
        var released = symbols.Intern("call-forgotten");

        releases.Pass(new ShardReplaced(0, 0, new Dictionary<int, int>(), release => new MetricsEngine(new MetricsOptions(), new NullSink(), releaseSymbol: release)));
        old(kept);
        other(released);
        var stamp = symbols.Generation;
        releases.Applied(0, stamp);
        releases.Applied(1, stamp);

        symbols[kept].Should().Be("call-held-by-the-new-engine", "the restored engine may hold the same name under the same number");
        symbols[released].Should().Be(Core.Events.SymbolTable.ReleasedName);
    }

    private sealed class NullSink : IWindowSink
    {
        public void OnWindows(IReadOnlyList<WindowResult> windows)
        {
        }
    }
}
