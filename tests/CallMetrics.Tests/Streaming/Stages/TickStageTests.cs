using Akka.Streams.Dsl;
using Akka.Streams.TestKit;
using CallMetrics.Streaming.Elements;
using CallMetrics.Streaming.Stages;

namespace CallMetrics.Tests.Streaming.Stages;

public sealed class TickStageTests : StageTestKit
{
    [Fact]
    public void A_pause_tick_follows_records_once_input_pauses_and_no_other_comes_while_it_stays_paused()
    {
        var (source, sink) = this.SourceProbe<StreamElement>()
            .Via(new TickStage(provisionalInterval: TimeSpan.Zero, pauseAfter: TimeSpan.FromMilliseconds(50)))
            .ToMaterialized(this.SinkProbe<StreamElement>(), Keep.Both)
            .Run(Materializer);

        sink.Request(10);
        source.SendNext(Records(1, "a"));
        sink.ExpectNext().Should().BeOfType<RecordBatch>();

        sink.ExpectNext(TimeSpan.FromSeconds(10)).Should().BeSameAs(Tick.Pause);
        sink.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void Provisional_ticks_come_every_interval_and_do_not_pile_up_while_downstream_is_slow()
    {
        var (_, sink) = this.SourceProbe<StreamElement>()
            .Via(new TickStage(provisionalInterval: TimeSpan.FromMilliseconds(20), pauseAfter: TimeSpan.FromHours(1)))
            .ToMaterialized(this.SinkProbe<StreamElement>(), Keep.Both)
            .Run(Materializer);

        // No demand for a while: many intervals pass, but only one tick waits.
        Thread.Sleep(300);
        sink.Request(2);
        sink.ExpectNext(TimeSpan.FromSeconds(10)).Should().BeSameAs(Tick.Provisional);
        sink.ExpectNext(TimeSpan.FromSeconds(10)).Should().BeSameAs(Tick.Provisional);
        sink.Request(1);
        sink.ExpectNext(TimeSpan.FromSeconds(10)).Should().BeSameAs(Tick.Provisional, "ticks go on");
    }
}
