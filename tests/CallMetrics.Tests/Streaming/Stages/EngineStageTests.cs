using Akka.Streams.Dsl;
using Akka.Streams.TestKit;
using CallMetrics.Core.Options;
using CallMetrics.Core.Processing;
using CallMetrics.Core.Tests.Support;
using PipelineStatistics = CallMetrics.Pipeline.PipelineStatistics;
using CallMetrics.Streaming.Elements;
using CallMetrics.Streaming.Stages;

namespace CallMetrics.Tests.Streaming.Stages;

public sealed class EngineStageTests : StageTestKit
{
    [Fact]
    public void A_bad_record_and_a_late_event_become_dead_letters_in_input_order_and_the_stream_goes_on()
    {
        var releases = NewReleases();
        var shard = new EngineShard(0, sink => new MetricsEngine(new MetricsOptions(), sink), releases.Symbols, new WindowPool(), new PipelineStatistics());
        var (source, sink) = this.SourceProbe<StreamElement>()
            .Via(new EngineStage(() => shard))
            .ToMaterialized(this.SinkProbe<StreamElement>(), Keep.Both)
            .Run(Materializer);
        var lines = Scenario.Create().At("09:00").Login("a1").At("09:05").State("a1", "not_ready").At("09:10").Logout("a1").Lines;
        var late = lines[0].Replace("\"event_id\":\"", "\"event_id\":\"again-", StringComparison.Ordinal);

        sink.Request(10);
        source.SendNext(Decoded(releases, Records(1, lines[0], "{not json", lines[1], late)));
        var dead = sink.ExpectNext().Should().BeOfType<DeadLetterBatch>().Subject;

        dead.Letters.Select(l => (l.Position.Offset, l.Reason.Split(':')[0])).Should().Equal((2L, "malformed_json"), (4L, "late"));
        source.SendNext(Decoded(releases, Records(5, lines[2])));
        source.SendNext(new EndOfInput(5));
        sink.ExpectNext().Should().BeOfType<WindowBatch>("the stream went on after the rejections, and end of input closes the windows");
        sink.ExpectNext().Should().BeOfType<EndOfInput>();
        shard.Engine.Counters.Accepted.Should().Be(3);
    }

    [Fact]
    public void A_barrier_gives_the_windows_closed_before_it_then_the_shards_snapshot()
    {
        var releases = NewReleases();
        var shard = new EngineShard(3, sink => new MetricsEngine(new MetricsOptions(), sink), releases.Symbols, new WindowPool(), new PipelineStatistics());
        var (source, sink) = this.SourceProbe<StreamElement>()
            .Via(new EngineStage(() => shard))
            .ToMaterialized(this.SinkProbe<StreamElement>(), Keep.Both)
            .Run(Materializer);
        var barrier = new CheckpointBarrier(1, new Dictionary<int, long> { [0] = 7 }, isFinal: true);

        sink.Request(10);
        source.SendNext(Decoded(releases, Records(1, Scenario.Create().At("09:00").Login("a1").At("09:20").State("a1", "not_ready").At("09:40").Logout("a1").Lines.ToArray())));
        source.SendNext(barrier);

        sink.ExpectNext().Should().BeOfType<WindowBatch>("the lateness passed 09:15 and 09:30");
        var snapshot = sink.ExpectNext().Should().BeOfType<ShardSnapshot>().Subject;
        snapshot.Barrier.Should().BeSameAs(barrier);
        snapshot.Shard.Should().Be(3);
        snapshot.State.Should().NotBeEmpty();
    }

    [Fact]
    public void A_provisional_tick_writes_open_time_up_to_the_event_time_of_the_records_before_it_not_the_wall_clock()
    {
        var releases = NewReleases();
        var shard = new EngineShard(0, sink => new MetricsEngine(new MetricsOptions(), sink), releases.Symbols, new WindowPool(), new PipelineStatistics());
        var (source, sink) = this.SourceProbe<StreamElement>()
            .Via(new EngineStage(() => shard))
            .ToMaterialized(this.SinkProbe<StreamElement>(), Keep.Both)
            .Run(Materializer);
        var lines = Scenario.Create().At("09:00").Login("a1").At("09:05").State("a1", "not_ready").At("09:08").State("a1", "available").Lines;

        sink.Request(10);
        source.SendNext(Decoded(releases, Records(1, lines[0], lines[1])));
        source.SendNext(Tick.Provisional);
        var first = LoggedInOfTheOpenInterval(sink.ExpectNext().Should().BeOfType<WindowBatch>().Subject);
        source.SendNext(Decoded(releases, Records(3, lines[2])));
        source.SendNext(Tick.Provisional);
        var second = LoggedInOfTheOpenInterval(sink.ExpectNext().Should().BeOfType<WindowBatch>().Subject);

        // Milliseconds of wall time pass between the two ticks; the open time moves by the 3 minutes of event time
        // the records between them moved the watermark, and never past the last event before each tick.
        first.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(TimeSpan.FromMinutes(5));
        (second - first).Should().Be(TimeSpan.FromMinutes(3));
    }

    /// <summary>The agent's logged-in time in the open (provisional) 15-minute interval of the batch.</summary>
    private static TimeSpan LoggedInOfTheOpenInterval(WindowBatch batch)
    {
        var open = batch.Windows.Where(w => !w.IsFinal && w.Spec.Kind == CallMetrics.Core.Windows.WindowKind.Interval).Should().ContainSingle("one interval is open").Subject;
        return TimeSpan.FromTicks(open.Agents.Should().ContainSingle().Subject.Tally.LoggedInNs / 100);
    }
}
