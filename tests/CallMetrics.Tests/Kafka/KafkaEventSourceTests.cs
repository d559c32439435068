using System.Buffers.Binary;
using System.Diagnostics;
using System.Threading.Channels;

using CallMetrics.Kafka;

using Confluent.Kafka;

namespace CallMetrics.Tests.Kafka;

[Collection(KafkaCollection.Name)]
public sealed class KafkaEventSourceTests(MockKafkaClusterFixture fixture)
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task HundredThousandMessagesOnFourPartitions_AreEachConsumedExactlyOnce()
    {
        const int count = 100_000;
        string topic = fixture.CreateTopic("round-trip", partitions: 4);
        KafkaOptions options = KafkaTestOptions.For(fixture, topic);
        Produce(options, topic, count);
        Channel<KafkaRecordBatch> batches = Channel.CreateBounded<KafkaRecordBatch>(4);
        using KafkaEventSource source = new(options, batches.Writer);
        using CancellationTokenSource timeout = new(ReadTimeout);

        Task run = source.RunAsync(timeout.Token);
        List<KafkaRecord> records = await ReadAsync(source, batches.Reader, count, store: true, timeout.Token);
        source.Stop();
        await run;

        records.Should().HaveCount(count);
        records.Select(r => ValueOf(r.Value)).Order().Should().Equal(Enumerable.Range(0, count), "every message is seen exactly once");
        records.Select(r => r.Partition).Distinct().Should().HaveCount(4);
        foreach (IGrouping<int, KafkaRecord> partition in records.GroupBy(r => r.Partition))
        {
            partition.Select(r => r.Offset).Should().Equal(
                Enumerable.Range(0, partition.Count()).Select(o => (long)o), "offsets of a partition arrive in order, without gaps or repeats");
        }

        records.Should().OnlyContain(r => r.Topic == topic && r.Key != null && ValueOf(r.Key) == ValueOf(r.Value));
        source.ConsumedCount.Should().Be(count);
    }

    [Fact]
    public async Task APartitionWhoseRecordsAreStillOnTheirWayDownstream_IsNotCaughtUp()
    {
        // Found by a flaky end-to-end run: the consumer's position counts records read but not yet processed,
        // so a partition the pipeline had not heard from looked caught up, went idle, and its events were late.
        string topic = fixture.CreateTopic("in-flight", partitions: 2);
        KafkaOptions options = KafkaTestOptions.For(fixture, topic);
        ProduceToPartitions(options, topic, partitions: 1, perPartition: 3);
        Channel<KafkaRecordBatch> batches = Channel.CreateBounded<KafkaRecordBatch>(4);
        using KafkaEventSource source = new(options, batches.Writer);
        using CancellationTokenSource timeout = new(ReadTimeout);
        Task run = source.RunAsync(timeout.Token);

        // The records sit in the channel: nobody reads it yet.
        while (source.ConsumedCount < 3)
        {
            await Task.Delay(20, timeout.Token);
        }

        TopicPartition withData = new(topic, 0);
        TopicPartition empty = new(topic, 1);
        source.IsCaughtUp(withData, nextOffset: null).Should().BeFalse("its three records have not been processed");
        source.IsCaughtUp(withData, nextOffset: 1).Should().BeFalse("two of its records have not been processed");
        source.IsCaughtUp(withData, nextOffset: 3).Should().BeTrue("all three records were processed");
        source.IsCaughtUp(empty, nextOffset: null).Should().BeTrue("an empty partition is caught up at once");

        source.Stop();
        await run;
    }

    [Fact]
    public async Task ARestartedConsumer_ResumesFromTheStoredOffsets_AndRereadsWhatWasNotStored()
    {
        string topic = fixture.CreateTopic("resume", partitions: 2);
        KafkaOptions options = KafkaTestOptions.For(fixture, topic);
        ProduceToPartitions(options, topic, partitions: 2, perPartition: 100);

        // First run: everything is read, but only partition 0 up to offset 49 is declared durable.
        List<KafkaRecord> first = await ReadOnceAsync(options, 200, source =>
        {
            source.StoreOffsets([new TopicPartitionOffset(topic, 0, 50)]).Should().Be(1);
            source.Commit().Should().ContainSingle().Which.Offset.Value.Should().Be(50);
        });

        // Second run in the same group: partition 0 resumes at 50, partition 1 (nothing stored) starts over.
        List<KafkaRecord> second = await ReadOnceAsync(options, 150, _ => { });

        first.Should().HaveCount(200);
        second.Where(r => r.Partition == 0).Select(r => r.Offset).Should().Equal(Enumerable.Range(50, 50).Select(o => (long)o));
        second.Where(r => r.Partition == 1).Select(r => r.Offset).Should().Equal(Enumerable.Range(0, 100).Select(o => (long)o));
    }

    [Fact]
    public async Task ARevokedHandler_CanStoreAndCommitWhatThePipelineFlushed()
    {
        string topic = fixture.CreateTopic("revoke-commit", partitions: 2);
        KafkaOptions options = KafkaTestOptions.For(fixture, topic);
        ProduceToPartitions(options, topic, partitions: 2, perPartition: 30);
        Channel<KafkaRecordBatch> batches = Channel.CreateBounded<KafkaRecordBatch>(4);
        using KafkaEventSource source = new(options, batches.Writer);
        List<TopicPartitionOffset> flushed = [];
        List<TopicPartitionOffset> committed = [];
        source.PartitionsRevoked += (_, e) =>
        {
            // The pipeline's flush on revoke: everything received is now durable downstream.
            source.StoreOffsets(flushed);
            committed.AddRange(source.Commit());
        };
        using CancellationTokenSource timeout = new(ReadTimeout);

        Task run = source.RunAsync(timeout.Token);
        List<KafkaRecord> records = await ReadAsync(source, batches.Reader, 60, store: false, timeout.Token);
        flushed.AddRange(new KafkaRecordBatch(records).NextOffsets());
        source.Stop();
        await run;

        committed.Select(o => (o.Partition.Value, o.Offset.Value)).Should().BeEquivalentTo([(0, 30L), (1, 30L)]);
        CommittedOffsets(options, topic, 2).Should().Equal(30, 30);
    }

    [Fact]
    public async Task AFullDownstreamChannel_StopsConsumption_UntilItIsDrained()
    {
        const int count = 5_000;
        string topic = fixture.CreateTopic("back-pressure", partitions: 1);
        KafkaOptions options = KafkaTestOptions.For(fixture, topic);
        options.MaxBatchSize = 100;
        Produce(options, topic, count);
        Channel<KafkaRecordBatch> batches = Channel.CreateBounded<KafkaRecordBatch>(1);
        using KafkaEventSource source = new(options, batches.Writer);
        using CancellationTokenSource timeout = new(ReadTimeout);

        Task run = source.RunAsync(timeout.Token);
        await Eventually.WaitUntilAsync(() => source.ConsumedCount >= 200, ReadTimeout, "the first batches are read");
        long consumedWhileFull = source.ConsumedCount;
        await Task.Delay(TimeSpan.FromSeconds(1)); // an observation window: nothing should be read meanwhile
        long consumedAfterWaiting = source.ConsumedCount;
        List<KafkaRecord> records = await ReadAsync(source, batches.Reader, count, store: true, timeout.Token);
        source.Stop();
        await run;

        // One batch in the channel, one waiting to enter it, and what librdkafka returned before the pause.
        consumedWhileFull.Should().BeLessThanOrEqualTo(2 * options.MaxBatchSize + 100);
        consumedAfterWaiting.Should().Be(consumedWhileFull, "a full channel pauses consumption");
        records.Select(r => r.Offset).Should().Equal(Enumerable.Range(0, count).Select(o => (long)o), "pausing loses and repeats nothing");
    }

    [Fact]
    public async Task CallbackMode_DeliversEveryBatch_AndACallbackFailureStopsTheSource()
    {
        string topic = fixture.CreateTopic("callback", partitions: 1);
        KafkaOptions options = KafkaTestOptions.For(fixture, topic);
        Produce(options, topic, 1_000);
        int seen = 0;
        KafkaEventSource? self = null;
        using KafkaEventSource source = new(options, (batch, _) =>
        {
            if (Interlocked.Add(ref seen, batch.Count) >= 1_000)
            {
                throw new InvalidOperationException("downstream broke");
            }

            self!.StoreOffsets(batch.NextOffsets());
            return ValueTask.CompletedTask;
        });
        self = source;
        using CancellationTokenSource timeout = new(ReadTimeout);

        Func<Task> run = () => source.RunAsync(timeout.Token).WaitAsync(ReadTimeout);

        await run.Should().ThrowAsync<InvalidOperationException>().WithMessage("downstream broke");
        seen.Should().Be(1_000);
        timeout.IsCancellationRequested.Should().BeFalse("the failure, not the timeout, stopped the source");
    }

    [Fact]
    public async Task AThrowingAssignedHandler_StopsTheSource_AndCompletesTheChannelWithTheError()
    {
        string topic = fixture.CreateTopic("throwing-handler", partitions: 1);
        KafkaOptions options = KafkaTestOptions.For(fixture, topic);
        Channel<KafkaRecordBatch> batches = Channel.CreateBounded<KafkaRecordBatch>(1);
        using KafkaEventSource source = new(options, batches.Writer);
        source.PartitionsAssigned += (_, _) => throw new InvalidOperationException("pipeline not ready");
        using CancellationTokenSource timeout = new(ReadTimeout);

        Func<Task> run = () => source.RunAsync(timeout.Token);
        Func<Task> read = () => batches.Reader.Completion;

        await run.Should().ThrowAsync<InvalidOperationException>().WithMessage("pipeline not ready");
        await read.Should().ThrowAsync<InvalidOperationException>().WithMessage("pipeline not ready");
    }

    [Fact]
    public async Task TwoConsumersInOneGroup_SplitThePartitions()
    {
        string topic = fixture.CreateTopic("split", partitions: 4);
        KafkaOptions options = KafkaTestOptions.For(fixture, topic);
        Channel<KafkaRecordBatch> batchesA = Channel.CreateBounded<KafkaRecordBatch>(4);
        Channel<KafkaRecordBatch> batchesB = Channel.CreateBounded<KafkaRecordBatch>(4);
        using KafkaEventSource a = new(options, batchesA.Writer);
        using KafkaEventSource b = new(options, batchesB.Writer);
        List<string> revocations = [];
        a.PartitionsRevoked += (_, e) => revocations.Add(string.Join(",", e.Partitions));
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(90));

        Task runA = a.RunAsync(timeout.Token);
        await Eventually.WaitUntilAsync(() => a.Assignment.Count == 4, TimeSpan.FromSeconds(30), "the only member owns all 4 partitions");
        Task runB = b.RunAsync(timeout.Token);
        TimeSpan settled = await Eventually.WaitUntilAsync(
            () => a.Assignment.Count > 0 && b.Assignment.Count > 0 && a.Assignment.Count + b.Assignment.Count == 4,
            TimeSpan.FromSeconds(75),
            "the group rebalances to two members sharing the 4 partitions");
        IReadOnlyList<TopicPartition> ownedByA = a.Assignment;
        IReadOnlyList<TopicPartition> ownedByB = b.Assignment;
        b.Stop();
        a.Stop();
        await Task.WhenAll(runA, runB);

        ownedByA.Should().NotIntersectWith(ownedByB);
        ownedByA.Concat(ownedByB).Select(p => p.Partition.Value).Order().Should().Equal(0, 1, 2, 3);
        revocations.Should().NotBeEmpty("the first member gave partitions back before the split");
        settled.Should().BeLessThan(TimeSpan.FromSeconds(75));
    }

    private static List<long> CommittedOffsets(KafkaOptions options, string topic, int partitions)
    {
        using IConsumer<byte[], byte[]> reader = new ConsumerBuilder<byte[], byte[]>(
            new ConsumerConfig { BootstrapServers = options.BootstrapServers, GroupId = options.GroupId }).Build();
        return [.. reader
            .Committed(Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)), TimeSpan.FromSeconds(10))
            .OrderBy(o => o.Partition.Value)
            .Select(o => o.Offset.Value)];
    }

    private static void Produce(KafkaOptions options, string topic, int count)
    {
        using KafkaEventProducer producer = new(options);
        for (int i = 0; i < count; i++)
        {
            producer.Produce(topic, Bytes(i), Bytes(i));
        }

        producer.Flush().Should().Be(0);
        producer.DeliveredCount.Should().Be(count);
    }

    private static void ProduceToPartitions(KafkaOptions options, string topic, int partitions, int perPartition)
    {
        using KafkaEventProducer producer = new(options);
        for (int p = 0; p < partitions; p++)
        {
            for (int i = 0; i < perPartition; i++)
            {
                producer.Produce(new TopicPartition(topic, p), null, Bytes(i));
            }
        }

        producer.Flush().Should().Be(0);
    }

    // One run of a fresh source in the options' group: reads exactly `count` records, runs `beforeStop`, closes.
    private static async Task<List<KafkaRecord>> ReadOnceAsync(KafkaOptions options, int count, Action<KafkaEventSource> beforeStop)
    {
        Channel<KafkaRecordBatch> batches = Channel.CreateBounded<KafkaRecordBatch>(4);
        using KafkaEventSource source = new(options, batches.Writer);
        using CancellationTokenSource timeout = new(ReadTimeout);
        Task run = source.RunAsync(timeout.Token);
        List<KafkaRecord> records = await ReadAsync(source, batches.Reader, count, store: false, timeout.Token);
        beforeStop(source);
        source.Stop();
        await run;
        return records;
    }

    private static async Task<List<KafkaRecord>> ReadAsync(
        KafkaEventSource source, ChannelReader<KafkaRecordBatch> reader, int count, bool store, CancellationToken cancellationToken)
    {
        List<KafkaRecord> records = new(count);
        Stopwatch elapsed = Stopwatch.StartNew();
        while (records.Count < count && await reader.WaitToReadAsync(cancellationToken))
        {
            while (reader.TryRead(out KafkaRecordBatch? batch))
            {
                records.AddRange(batch.Records);
                if (store)
                {
                    source.StoreOffsets(batch.NextOffsets());
                }
            }
        }

        records.Count.Should().Be(count, $"all records should arrive within {ReadTimeout} (took {elapsed.Elapsed})");
        return records;
    }

    private static byte[] Bytes(int value)
    {
        byte[] bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    private static int ValueOf(byte[] bytes) => BinaryPrimitives.ReadInt32BigEndian(bytes);
}
