using System.Text;
using System.Threading.Channels;
using CallMetrics.Core.Events;
using CallMetrics.Core.Output;
using CallMetrics.Core.Processing;
using CallMetrics.Core.Tests.Support;
using CallMetrics.Kafka;
using CallMetrics.Pipeline;
using CallMetrics.Streaming.Elements;
using Confluent.Kafka;

namespace CallMetrics.Tests.ScaleOut;

/// <summary>The decode stage in scaled mode: which repartition records reach which shard, as what.</summary>
public sealed class ScaledDecodeTests
{
    private const string Repartition = "by-tenant";
    private static readonly TopicPartition[] Origins = [new("call-events", new Partition(0)), new("call-events", new Partition(1))];
    private readonly List<string> _lines = [.. Scenario.Create().At("09:00").Login("a1").At("09:01").Login("a2").At("09:02").Login("a3").Lines];

    [Fact]
    public async Task Only_the_next_offset_of_an_assigned_partition_is_accepted_and_named_by_its_origin()
    {
        var run = new Run();
        run.Decode.OnShardAssigned(1, checkpoint: null, startOffset: 5);

        var batches = await run.DecodeAsync(
            Event(1, 3, origin: 0, originOffset: 30, _lines[0]), // before the start offset: already covered by the state
            Event(1, 5, origin: 1, originOffset: 50, _lines[1]),
            Event(1, 6, origin: 0, originOffset: 60, _lines[2]),
            Event(1, 8, origin: 0, originOffset: 80, _lines[0]), // past a gap: handed over before a seek
            Event(0, 0, origin: 0, originOffset: 1, _lines[0])); // a partition this instance does not own

        var shard1 = batches[1];
        shard1.SelectMany(b => b.Records).Select(r => (r.Topic, r.Partition, r.Offset)).Should().Equal(("call-events", 1, 50L), ("call-events", 0, 60L));
        shard1.SelectMany(b => b.Sources).Should().Equal(1, 0);
        batches[0].Should().BeEmpty();
    }

    [Fact]
    public async Task An_assignment_replaces_the_engine_and_registers_every_origin_before_the_first_record()
    {
        var run = new Run();
        run.Decode.OnShardAssigned(0, checkpoint: null, startOffset: 0);

        var batches = await run.DecodeAsync(Event(0, 0, origin: 1, originOffset: 7, _lines[0]));

        var first = batches[0][0];
        first.ReplaceEngine.Should().NotBeNull();
        first.SourceChanges.Should().Equal((0, SourceChange.Registered), (1, SourceChange.Registered));
        first.Events.Should().ContainSingle();
    }

    [Fact]
    public async Task A_restored_partition_keeps_the_checkpoints_numbering_of_origins()
    {
        var run = new Run();
        var sources = new Dictionary<TopicPartition, int> { [Origins[1]] = 0, [Origins[0]] = 1 };
        var snapshot = new MemoryStream();
        new MetricsEngine(new Core.Options.MetricsOptions(), new NullSink()).Snapshot(snapshot, new SymbolTable());
        run.Decode.OnShardAssigned(0, new PartitionCheckpoint(4, sources, snapshot.ToArray()), startOffset: 4);

        var batches = await run.DecodeAsync(Event(0, 4, origin: 1, originOffset: 7, _lines[0]));

        batches[0].SelectMany(b => b.Sources).Should().Equal(0);
    }

    [Fact]
    public async Task A_progress_marker_stands_where_it_was_among_the_events()
    {
        var run = new Run();
        run.Decode.OnShardAssigned(0, checkpoint: null, startOffset: 0);

        var batches = await run.DecodeAsync(
            Event(0, 0, origin: 0, originOffset: 1, _lines[0]),
            Marker(0, 1, origin: 1, originOffset: 9, eventTime: 123),
            Event(0, 2, origin: 0, originOffset: 2, _lines[1]));

        batches[0].SelectMany(b => b.Progress).Should().Equal((1, 1, 123L));
        batches[0].SelectMany(b => b.Events).Should().HaveCount(2);
    }

    [Fact]
    public async Task A_revoked_partition_drops_its_state_and_its_records()
    {
        var run = new Run();
        run.Decode.OnShardAssigned(0, checkpoint: null, startOffset: 0);
        run.Decode.OnShardRevoked(0);

        var batches = await run.DecodeAsync(Event(0, 0, origin: 0, originOffset: 1, _lines[0]));

        batches[0].Should().OnlyContain(b => b.Events.Count == 0);
        batches[0][^1].ReplaceEngine.Should().NotBeNull();
        batches[0][^1].DiscardOutput.Should().BeTrue();
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

    private sealed class Run
    {
        private readonly Channel<ShardBatch>[] _shards = [Channel.CreateUnbounded<ShardBatch>(), Channel.CreateUnbounded<ShardBatch>()];

        public Run()
        {
            var options = new PipelineOptions { ProvisionalInterval = TimeSpan.Zero, SourceIdleTimeout = TimeSpan.FromHours(1) };
            Decode = new DecodeStage(
                new SymbolTable(),
                [.. _shards.Select(c => c.Writer)],
                new NoDeadLetters(),
                new PipelineStatistics(),
                options,
                TimeProvider.System,
                new ScaledInput(Repartition, 2, Origins),
                (_, snapshot) => snapshot is null
                    ? new MetricsEngine(new Core.Options.MetricsOptions(), new NullSink())
                    : MetricsEngine.Restore(new MemoryStream(snapshot), new SymbolTable(), new Core.Options.MetricsOptions(), new NullSink()));
        }

        public DecodeStage Decode { get; }

        public async Task<List<ShardBatch>[]> DecodeAsync(params KafkaRecord[] records)
        {
            var input = Channel.CreateUnbounded<KafkaRecordBatch>();
            await input.Writer.WriteAsync(new KafkaRecordBatch([.. records]));
            input.Writer.Complete();
            await Decode.RunAsync(input.Reader, CancellationToken.None);
            var result = new List<ShardBatch>[_shards.Length];
            for (var i = 0; i < _shards.Length; i++)
            {
                result[i] = [];
                await foreach (var batch in _shards[i].Reader.ReadAllAsync())
                {
                    result[i].Add(batch);
                }
            }

            return result;
        }
    }

    private sealed class NoDeadLetters : IDeadLetterDestination
    {
        public Task SendAsync(KafkaRecord record, string reason, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class NullSink : IWindowSink
    {
        public void OnWindows(IReadOnlyList<WindowResult> windows)
        {
        }
    }
}
