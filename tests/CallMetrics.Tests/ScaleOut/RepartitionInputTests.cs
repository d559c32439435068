using System.Text;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Output;
using CallMetrics.Core.Processing;
using CallMetrics.Core.Tests.Support;
using CallMetrics.Kafka;
using CallMetrics.Pipeline;
using CallMetrics.Streaming.Elements;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallMetrics.Tests.ScaleOut;

/// <summary>Scaled mode's aggregator input: which repartition records go downstream, as what, and what an assignment brings.</summary>
public sealed class RepartitionInputTests
{
    private const string Repartition = "by-tenant";
    private static readonly TopicPartition[] Origins = [new("call-events", new Partition(0)), new("call-events", new Partition(1))];
    private readonly List<string> _lines = [.. Scenario.Create().At("09:00").Login("a1").At("09:01").Login("a2").At("09:02").Login("a3").Lines];
    private readonly Dictionary<int, PartitionCheckpoint> _checkpoints = [];
    private readonly KafkaSources _sources = new();
    private readonly RepartitionInput _input;

    public RepartitionInputTests()
    {
        _input = new RepartitionInput(
            Repartition,
            2,
            _sources,
            Origins,
            ks => _checkpoints.Where(kv => ks.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value),
            ks => ks.ToDictionary(k => k, _ => 0L),
            (_, snapshot, release) => snapshot is null
                ? new MetricsEngine(new MetricsOptions(), new NullSink(), releaseSymbol: release)
                : MetricsEngine.Restore(new MemoryStream(snapshot), new SymbolTable(), new MetricsOptions(), new NullSink(), releaseSymbol: release),
            NullLogger.Instance);
    }

    [Fact]
    public void Only_the_next_offset_of_an_assigned_partition_is_taken_and_named_by_its_origin()
    {
        _checkpoints[1] = Checkpoint(5, []);
        Assign(1);

        var output = Elements(
            Event(1, 3, origin: 0, originOffset: 30, _lines[0]), // before the start offset: already covered by the state
            Event(1, 5, origin: 1, originOffset: 50, _lines[1]),
            Event(1, 6, origin: 0, originOffset: 60, _lines[2]),
            Event(1, 8, origin: 0, originOffset: 80, _lines[0]), // past a gap: handed over before a seek
            Event(0, 0, origin: 0, originOffset: 1, _lines[0])); // a partition this instance does not own

        var records = output.Should().ContainSingle().Which.Should().BeOfType<RecordBatch>().Subject;
        Enumerable.Range(0, records.Count).Select(records.Position).Should().Equal(new SourcePosition(Source(1), 50), new SourcePosition(Source(0), 60));
        records.InputEnds.Should().Equal(new Dictionary<int, long> { [1] = 7 });
    }

    [Fact]
    public void An_assignment_registers_every_origin_then_replaces_the_engine_with_one_numbering_every_origin()
    {
        var changes = Assign(0);

        changes.OfType<SourceChanged>().Select(c => (c.Source, c.Change)).Should().Equal((Source(0), SourceChange.Registered), (Source(1), SourceChange.Registered));
        var replaced = changes[^1].Should().BeOfType<ShardReplaced>().Subject;
        replaced.Shard.Should().Be(0);
        replaced.StartOffset.Should().Be(0);
        replaced.Sources.Should().Equal(new Dictionary<int, int> { [Source(0)] = 0, [Source(1)] = 1 });
        replaced.Build(_ => { });
        replaced.Engine.Should().NotBeNull();
        _input.StartOffsets([new TopicPartition(Repartition, new Partition(0))]).Values.Should().Equal(0L);
    }

    [Fact]
    public void A_restored_partition_keeps_the_checkpoints_numbering_of_origins_and_starts_at_its_offset()
    {
        _checkpoints[0] = Checkpoint(4, new Dictionary<TopicPartition, int> { [Origins[1]] = 0, [Origins[0]] = 1 });

        var replaced = Assign(0).OfType<ShardReplaced>().Single();

        replaced.StartOffset.Should().Be(4);
        replaced.Sources.Should().Equal(new Dictionary<int, int> { [Source(1)] = 0, [Source(0)] = 1 });
        _input.StartOffsets([new TopicPartition(Repartition, new Partition(0))]).Values.Should().Equal(4L);
    }

    [Fact]
    public void A_progress_marker_is_for_its_own_shard_and_stands_where_it_was_among_its_events()
    {
        Assign(0);

        var output = Elements(
            Event(0, 0, origin: 0, originOffset: 1, _lines[0]),
            Marker(0, 1, origin: 1, originOffset: 9, eventTime: 123),
            Event(0, 2, origin: 0, originOffset: 2, _lines[1]));

        output.Select(e => e.GetType().Name).Should().Equal(nameof(RecordBatch), nameof(SourceProgress), nameof(RecordBatch));
        var progress = (SourceProgress)output[1];
        (progress.Source, progress.Timestamp, progress.Shard).Should().Be((Source(1), 123L, (int?)0));
        ((RecordBatch)output[0]).InputEnds.Should().BeEmpty("only the last part of a batch moves the input on");
        ((RecordBatch)output[2]).InputEnds.Should().Equal(new Dictionary<int, long> { [0] = 3 });
    }

    [Fact]
    public void A_revoked_partition_gets_an_empty_engine_and_its_records_are_dropped()
    {
        Assign(0);
        var revoked = new List<StreamElement>();
        _input.OnRevoked([new TopicPartition(Repartition, new Partition(0))], revoked.Add);
        revoked.ForEach(_input.Passing);

        var output = Elements(Event(0, 0, origin: 0, originOffset: 1, _lines[0]));

        var replaced = revoked.Should().ContainSingle().Which.Should().BeOfType<ShardReplaced>().Subject;
        replaced.IsAssigned.Should().BeFalse();
        ((RecordBatch)output.Single()).Count.Should().Be(0);
    }

    private int Source(int origin) => _sources.SourceOf(Origins[origin].Topic, Origins[origin].Partition.Value);

    private List<StreamElement> Assign(int k)
    {
        var changes = new List<StreamElement>();
        _input.OnAssigned([new TopicPartition(Repartition, new Partition(k))], changes.Add);
        changes.ForEach(_input.Passing);
        return changes;
    }

    private List<StreamElement> Elements(params KafkaRecord[] records)
    {
        var output = new List<StreamElement>();
        _input.ToElements(new KafkaRecordBatch([.. records]), output);
        return output;
    }

    private static PartitionCheckpoint Checkpoint(long next, Dictionary<TopicPartition, int> sources)
    {
        var snapshot = new MemoryStream();
        new MetricsEngine(new MetricsOptions(), new NullSink()).Snapshot(snapshot, new SymbolTable());
        return new PartitionCheckpoint(next, sources, snapshot.ToArray());
    }

    private static KafkaRecord Event(int partition, long offset, int origin, long originOffset, string line) =>
        new(Repartition, partition, offset, null, Encoding.UTF8.GetBytes(line), DateTimeOffset.UnixEpoch)
        {
            Headers = RepartitionHeaders.ForEvent(Origins[origin].Topic, Origins[origin].Partition.Value, originOffset),
        };

    private static KafkaRecord Marker(int partition, long offset, int origin, long originOffset, long eventTime) =>
        new(Repartition, partition, offset, null, [], DateTimeOffset.UnixEpoch)
        {
            Headers = RepartitionHeaders.ForProgress(Origins[origin].Topic, Origins[origin].Partition.Value, originOffset, eventTime),
        };

    private sealed class NullSink : IWindowSink
    {
        public void OnWindows(IReadOnlyList<WindowResult> windows)
        {
        }
    }
}
