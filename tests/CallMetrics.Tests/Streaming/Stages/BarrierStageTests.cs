using Akka.Streams.Dsl;
using Akka.Streams.TestKit;
using CallMetrics.Streaming.Elements;
using CallMetrics.Streaming.Stages;

namespace CallMetrics.Tests.Streaming.Stages;

public sealed class BarrierStageTests : StageTestKit
{
    [Fact]
    public void A_requested_barrier_follows_the_records_before_it_with_their_next_offsets()
    {
        var trigger = new BarrierTrigger();
        var (source, sink) = this.SourceProbe<StreamElement>()
            .Via(new BarrierStage(trigger))
            .ToMaterialized(this.SinkProbe<StreamElement>(), Keep.Both)
            .Run(Materializer);

        sink.Request(10);
        source.SendNext(Records(10, "a", "b"));
        sink.ExpectNext().Should().BeOfType<RecordBatch>();
        trigger.Request();

        var barrier = sink.ExpectNext().Should().BeOfType<CheckpointBarrier>().Subject;
        barrier.NextOffsets.Should().Equal(new Dictionary<int, long> { [0] = 12 });
        barrier.IsFinal.Should().BeFalse();
    }

    [Fact]
    public void When_the_input_stops_a_final_barrier_follows_the_last_record_so_shutdown_takes_a_final_checkpoint()
    {
        var (source, sink) = this.SourceProbe<StreamElement>()
            .Via(new BarrierStage(new BarrierTrigger(), restoredOffsets: new Dictionary<int, long> { [1] = 40 }))
            .ToMaterialized(this.SinkProbe<StreamElement>(), Keep.Both)
            .Run(Materializer);

        sink.Request(10);
        source.SendNext(Records(5, "a"));
        source.SendComplete();

        sink.ExpectNext().Should().BeOfType<RecordBatch>();
        var final = sink.ExpectNext().Should().BeOfType<CheckpointBarrier>().Subject;
        final.IsFinal.Should().BeTrue();
        final.NextOffsets.Should().Equal(new Dictionary<int, long> { [0] = 6, [1] = 40 }, "a restored source that delivered nothing keeps its offset");
        sink.ExpectComplete();
    }
}
