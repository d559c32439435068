using System.Diagnostics;
using System.Globalization;
using CallMetrics.Kafka;
using CallMetrics.Pipeline;
using CallMetrics.Simulation;
using CallMetrics.Tests.Kafka;
using CallMetrics.Tests.Support;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace CallMetrics.Tests.ScaleOut;

/// <summary>Scaled mode's graceful stop: every partition the instance owns is checkpointed exactly where it stopped.</summary>
[Collection(KafkaCollection.Name)]
public sealed class ScaledStopTests(MockKafkaClusterFixture fixture, ITestOutputHelper output)
{
    private const int Partitions = 3;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_graceful_stop_checkpoints_every_owned_partition_at_the_end_of_what_it_read()
    {
        var input = fixture.CreateTopic("scaled-stop", 2);
        var group = MockKafkaClusterFixture.NewGroupId("scaled-stop");
        fixture.Cluster.CreateTopic(group + "-by-tenant", Partitions);
        fixture.Cluster.CreateTopic(group + "-checkpoints", Partitions);
        var deadLetters = fixture.CreateTopic("scaled-stop-dead-letter", 1);
        await using var influx = await InfluxServer.StartNewAsync();
        using var instance = ServiceInstance.Start("a", new Dictionary<string, string?>
        {
            ["CallMetrics__Kafka__BootstrapServers"] = fixture.BootstrapServers,
            ["CallMetrics__Kafka__GroupId"] = group,
            ["CallMetrics__Kafka__Topics__0"] = input,
            ["CallMetrics__Kafka__DeadLetterTopic"] = deadLetters,
            ["CallMetrics__Influx__Url"] = influx.Url,
            ["CallMetrics__Influx__Api"] = "v1",
            ["CallMetrics__Influx__Database"] = "callmetrics",
            ["CallMetrics__Pipeline__Mode"] = "Scaled",
            ["CallMetrics__Pipeline__RepartitionPartitions"] = Partitions.ToString(CultureInfo.InvariantCulture),

            // No periodic checkpoint in the test's time: whatever the checkpoint topic holds is the final one.
            ["CallMetrics__Pipeline__CheckpointInterval"] = "01:00:00",
        });
        try
        {
            await WaitUntilAsync(instance.IsReadyAsync, "the instance owns the repartition partitions");
            using (var producer = new KafkaEventProducer(new KafkaOptions { BootstrapServers = fixture.BootstrapServers }))
            {
                var sink = new KafkaSimulatedEventSink(producer, input);
                foreach (var e in new CallCenterSimulator(new SimulationOptions
                {
                    Seed = 7,
                    Start = new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero),
                    Duration = TimeSpan.FromHours(1),
                    Agents = 6,
                    Teams = 3,
                    Queues = 3,
                    Tenants = ["acme", "globex", "initech"],
                }))
                {
                    sink.Write(e);
                }

                await sink.FlushAsync(CancellationToken.None);
            }

            // Routed and read: the repartition topic stops growing and the instance has read past it (its progress line).
            var ends = await StableEndsAsync(group + "-by-tenant");
            ends.Values.Sum().Should().BeGreaterThan(0);
            await Task.Delay(TimeSpan.FromSeconds(3));

            instance.Stop(TimeSpan.FromSeconds(40)).Should().Be(0, instance.Log);

            using var store = new CheckpointTopicStore(KafkaTestOptions.For(fixture, input, group), group + "-checkpoints", NullLogger.Instance);
            var checkpoints = store.ReadLast([.. Enumerable.Range(0, Partitions)], Timeout);
            checkpoints.Keys.Should().BeEquivalentTo(Enumerable.Range(0, Partitions), "every owned partition is checkpointed on the way out");
            checkpoints.ToDictionary(kv => kv.Key, kv => kv.Value.NextOffset).Should().BeEquivalentTo(ends, "each checkpoint resumes exactly after the last record read");
        }
        catch
        {
            output.WriteLine(instance.Log.Length > 12_000 ? instance.Log[^12_000..] : instance.Log);
            throw;
        }
    }

    private async Task<Dictionary<int, long>> StableEndsAsync(string topic)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = fixture.BootstrapServers, GroupId = "watermarks" }).Build();
        Dictionary<int, long> last = [];
        var stableSince = Stopwatch.StartNew();
        var waited = Stopwatch.StartNew();
        while (stableSince.Elapsed < TimeSpan.FromSeconds(3))
        {
            waited.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60), "the router routes the input");
            var now = Enumerable.Range(0, Partitions).ToDictionary(k => k, k => consumer.QueryWatermarkOffsets(new TopicPartition(topic, new Partition(k)), Timeout).High.Value);
            if (now.Values.Sum() == 0 || !now.SequenceEqual(last))
            {
                stableSince.Restart();
            }

            last = now;
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        return last;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(90))
            {
                throw new TimeoutException("Timed out waiting until " + what);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }
}
