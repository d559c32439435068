using System.Globalization;
using System.Text;
using CallMetrics.Kafka;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace CallMetrics.Tests.EndToEnd;

/// <summary>
/// Poison messages between good events: each reaches the dead-letter topic with its reason and source position, and the
/// good events around it are processed as if the poison were not there.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PoisonInputEndToEndTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Poison_messages_reach_the_dead_letter_topic_with_reason_and_position_and_the_good_events_still_count()
    {
        output.WriteLine(fixture.BrokerDescription);
        string tenant = fixture.UniqueName("poison");
        IReadOnlyList<TestEvent> good = EventSets.Scenarios(tenant).Where(e => e.Json.Contains($"\"{tenant}-basic-call\"", StringComparison.Ordinal)).ToList();
        good.Should().NotBeEmpty();
        // EVENTS.md, bad input: each is rejected with its reason (the decoder's code first).
        (string Reason, string Json)[] poison =
        [
            ("malformed_json", "{\"event_id\":\"x1\",\"type\":\"call.arrived\","),
            ("unknown_type", $"{{\"event_id\":\"x2\",\"type\":\"call.teleported\",\"ts\":\"2026-11-22T09:01:10Z\",\"tenant\":\"{tenant}\",\"call_id\":\"c1\"}}"),
            ("missing_field", $"{{\"event_id\":\"x3\",\"type\":\"call.answered\",\"ts\":\"2026-11-22T09:01:40Z\",\"tenant\":\"{tenant}\",\"call_id\":\"c1\"}}"),
            ("bad_timestamp", $"{{\"event_id\":\"x4\",\"type\":\"agent.state\",\"ts\":\"22/11/2026 09:02\",\"tenant\":\"{tenant}\",\"agent_id\":\"a1\",\"state\":\"available\"}}"),
            ("unknown_schema", $"{{\"event_id\":\"x5\",\"schema\":2,\"type\":\"agent.state\",\"ts\":\"2026-11-22T09:02:00Z\",\"tenant\":\"{tenant}\",\"agent_id\":\"a1\",\"state\":\"available\"}}"),
        ];
        SeriesSet expected = await EndToEndFixture.ReplayAsync(good);

        string topic = await fixture.CreateTopicAsync("events", partitions: 4);
        string deadLetters = await fixture.CreateTopicAsync("dead", partitions: 1);
        string database = fixture.UniqueName("db");
        await fixture.Influx.CreateDatabaseAsync(database);
        using ServiceProcess service = await ServiceProcess.StartAsync(
            fixture.ServiceEnvironment(topic, fixture.UniqueName("group"), deadLetters, fixture.Influx.ServiceSettings(database)));
        try
        {
            // One poison message after each of the first good events, keyed like the call, so they sit between good events of one partition.
            var positions = new List<TopicPartitionOffset>();
            using (IProducer<byte[], byte[]> producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = fixture.BootstrapServers, EnableIdempotence = true }).Build())
            {
                for (int i = 0; i < good.Count; i++)
                {
                    await producer.ProduceAsync(topic, new Message<byte[], byte[]> { Key = good[i].KeyBytes, Value = good[i].JsonBytes });
                    if (i < poison.Length)
                    {
                        DeliveryResult<byte[], byte[]> delivered = await producer.ProduceAsync(
                            topic, new Message<byte[], byte[]> { Key = good[i].KeyBytes, Value = Encoding.UTF8.GetBytes(poison[i].Json) });
                        positions.Add(delivered.TopicPartitionOffset);
                    }
                }
            }

            fixture.Produce(topic, [TestEvent.Clock(good.Max(e => e.Timestamp).AddDays(2))]);

            IReadOnlyList<string> differences = await EndToEndFixture.WaitForSeriesAsync(
                () => fixture.Influx.ReadAllAsync(database), expected, service, TimeSpan.FromSeconds(60));
            differences.Should().BeEmpty(SeriesSet.Describe(differences));

            IReadOnlyList<ConsumeResult<byte[], byte[]>> letters = fixture.ReadAll(deadLetters, poison.Length, TimeSpan.FromSeconds(30));
            var received = letters.Select(l => new
            {
                Value = Encoding.UTF8.GetString(l.Message.Value),
                Reason = Header(l, DeadLetterHeaders.Reason),
                Position = new TopicPartitionOffset(
                    Header(l, DeadLetterHeaders.SourceTopic),
                    new Partition(int.Parse(Header(l, DeadLetterHeaders.SourcePartition), CultureInfo.InvariantCulture)),
                    new Offset(long.Parse(Header(l, DeadLetterHeaders.SourceOffset), CultureInfo.InvariantCulture))),
            }).ToList();
            foreach (var letter in received)
            {
                output.WriteLine($"dead letter: {letter.Reason} from {letter.Position}");
            }

            received.Should().HaveCount(poison.Length, "every poison message is dead-lettered, and nothing else");
            for (int i = 0; i < poison.Length; i++)
            {
                var letter = received.Should().ContainSingle(l => l.Value == poison[i].Json, "poison message {0} ({1})", i, poison[i].Reason).Subject;
                letter.Reason.Should().StartWith(poison[i].Reason);
                letter.Position.Should().Be(positions[i], "the headers name where {0} was read", poison[i].Reason);
            }
        }
        catch
        {
            output.WriteLine("service output:\n" + service.Output);
            throw;
        }
    }

    private static string Header(ConsumeResult<byte[], byte[]> letter, string name) =>
        letter.Message.Headers.TryGetLastBytes(name, out byte[] value) ? Encoding.UTF8.GetString(value) : $"(no {name} header)";
}
