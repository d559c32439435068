using System.Text;
using System.Threading.Channels;
using Akka.Streams.Dsl;
using Akka.Streams.TestKit;
using CallMetrics.Kafka;
using CallMetrics.Streaming.Elements;
using CallMetrics.Tests.Streaming.Stages;

namespace CallMetrics.Tests.Kafka;

public sealed class KafkaSourceStageTests : StageTestKit
{
    [Fact]
    public void A_slow_downstream_leaves_the_consumers_channel_full_so_the_consumer_pauses_and_memory_stays_bounded()
    {
        var channel = Channel.CreateBounded<KafkaRecordBatch>(2);
        var sources = new KafkaSources();
        var sink = Source.FromGraph(new KafkaSourceStage(null, channel.Reader, sources, _ => { }))
            .RunWith(this.SinkProbe<StreamElement>(), Materializer);

        sink.Request(1);
        var written = 0;
        for (var i = 0; i < 100 && channel.Writer.TryWrite(Batch(i)); i++)
        {
            written++;
        }

        sink.ExpectNext().Should().BeOfType<RecordBatch>();
        AwaitCondition(() => channel.Writer.TryWrite(Batch(written)) && ++written > 0);
        channel.Writer.TryWrite(Batch(written)).Should().BeFalse("nothing more is taken while downstream asks for nothing");
        written.Should().BeLessThanOrEqualTo(2 + 1 + 1, "the channel's capacity, plus what the stage holds, plus the one element asked for");
    }

    [Fact]
    public void Records_get_their_partitions_source_number_and_a_record_over_the_limit_is_rejected_not_dropped()
    {
        var channel = Channel.CreateUnbounded<KafkaRecordBatch>();
        var sources = new KafkaSources();
        sources.SourceOf("other", 0);
        var sink = Source.FromGraph(new KafkaSourceStage(null, channel.Reader, sources, _ => { }))
            .RunWith(this.SinkProbe<StreamElement>(), Materializer);
        channel.Writer.TryWrite(new KafkaRecordBatch(
        [
            new KafkaRecord("events", 3, 41, null, Encoding.UTF8.GetBytes("{}"), default),
            new KafkaRecord("events", 3, 42, [1], new byte[Files.LineChunkReader.MaxLineBytes + 1], default),
        ]));

        sink.Request(1);
        var records = sink.ExpectNext().Should().BeOfType<RecordBatch>().Subject;

        records.Position(0).Should().Be(new SourcePosition(1, 41));
        records.Rejections.Should().ContainSingle().Which.Index.Should().Be(1);
        records.HasKey(1).Should().BeTrue("the dead letter keeps the original key");
        sources.PartitionOf(1).Topic.Should().Be("events");
    }

    private static KafkaRecordBatch Batch(int i) =>
        new([new KafkaRecord("events", 0, i, null, Encoding.UTF8.GetBytes("{}"), default)]);
}
