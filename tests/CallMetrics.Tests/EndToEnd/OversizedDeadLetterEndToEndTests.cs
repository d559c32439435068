using System.Globalization;
using System.Text;
using CallMetrics.Kafka;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace CallMetrics.Tests.EndToEnd;

/// <summary>
/// A dead letter too large for its topic is cut to fit, never fatal: an event whose <c>agent_id</c> is 1 MiB is
/// dead-lettered with its value cut to <see cref="DeadLetter.MaxValueBytes"/>, a poison record with a 1 MiB key with
/// its key cut to <see cref="DeadLetter.MaxKeyBytes"/> (reason and position kept), and the service goes on to count
/// the events after it exactly as replay does.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class OversizedDeadLetterEndToEndTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private static readonly DateTimeOffset Day = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_one_MiB_agent_id_is_dead_lettered_cut_to_fit_and_the_events_after_it_still_count()
    {
        var tenant = fixture.UniqueName("huge");
        var agent = new string('a', 1024 * 1024);
        var huge = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $$"""{"event_id":"huge-1","type":"agent.login","ts":"{{Day.AddHours(12):yyyy-MM-ddTHH:mm:ssZ}}","tenant":"{{tenant}}","agent_id":"{{agent}}"}"""));

        var (letter, half) = await DeadLetterOfOnePoisonRecordAsync(tenant, seed: 7, key: null, huge);

        string Header(string name) => letter.Headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : "(none)";
        output.WriteLine($"dead letter: {letter.Value.Length} bytes, reason \"{Header(DeadLetterHeaders.Reason)}\"");
        letter.Value.Length.Should().Be(DeadLetter.MaxValueBytes, "the value is cut to fit the topic");
        letter.Value.Should().Equal(huge.AsSpan(0, DeadLetter.MaxValueBytes).ToArray(), "the start of the raw value is kept");
        Header(DeadLetterHeaders.Reason).Should().Contain("cut to its first");
        Header(DeadLetterHeaders.SourceOffset).Should().Be(half.ToString(CultureInfo.InvariantCulture), "the position says where the whole record is");
    }

    [Fact]
    public async Task A_poison_record_with_a_one_MiB_key_is_dead_lettered_with_its_key_cut_to_fit_and_the_events_after_it_still_count()
    {
        var key = new byte[1024 * 1024];
        for (var i = 0; i < key.Length; i++)
        {
            key[i] = (byte)('a' + (i % 26));
        }

        var poison = "{\"event_id\":\"poison-1\",\"type\":"u8.ToArray();

        var (letter, half) = await DeadLetterOfOnePoisonRecordAsync(fixture.UniqueName("hugekey"), seed: 11, key, poison);

        string Header(string name) => letter.Headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : "(none)";
        output.WriteLine($"dead letter: key {letter.Key.Length} bytes, value {letter.Value.Length} bytes, reason \"{Header(DeadLetterHeaders.Reason)}\"");
        letter.Key.Should().Equal(key.AsSpan(0, DeadLetter.MaxKeyBytes).ToArray(), "the key is cut to its start to fit the topic");
        letter.Value.Should().Equal(poison, "a value that fits is kept whole");
        Header(DeadLetterHeaders.Reason).Should().Contain($"(key cut to its first {DeadLetter.MaxKeyBytes} of {key.Length} bytes)");
        Header(DeadLetterHeaders.SourceOffset).Should().Be(half.ToString(CultureInfo.InvariantCulture), "the position says where the whole record is");
    }

    /// <summary>
    /// A simulated day of <paramref name="tenant"/> through the service with one poison record (<paramref name="key"/>,
    /// <paramref name="value"/>) produced halfway: the series must equal replay's of the day without it, the service
    /// must still run, and the record must be the one dead letter. Returns that letter and the record's offset.
    /// </summary>
    private async Task<(Message<byte[], byte[]> Letter, int Offset)> DeadLetterOfOnePoisonRecordAsync(string tenant, int seed, byte[]? key, byte[] value)
    {
        output.WriteLine(fixture.BrokerDescription);
        var day = EventSets.SimulatedDay(tenant, Day, agents: 10, seed: seed);
        EventSets.AgentsLoggedInAtTheEnd(day).Should().BeEmpty();
        var expected = await EndToEndFixture.ReplayAsync(day);
        var topic = await fixture.CreateTopicAsync(tenant, partitions: 1);
        var deadLetters = await fixture.CreateTopicAsync(tenant + "-dead", partitions: 1);
        var database = fixture.UniqueName("db");
        await fixture.Influx.CreateDatabaseAsync(database);
        var environment = fixture.ServiceEnvironment(topic, fixture.UniqueName("group"), deadLetters, fixture.Influx.ServiceSettings(database));
        using var service = await ServiceProcess.StartAsync(environment);
        try
        {
            var half = day.Count / 2;
            fixture.Produce(topic, day.Take(half));
            ProduceLarge(topic, key, value);
            fixture.Produce(topic, day.Skip(half));
            fixture.ProduceClockToEveryPartition(topic, 1, day.Max(e => e.Timestamp).AddDays(2));

            var differences = await EndToEndFixture.WaitForSeriesAsync(() => fixture.Influx.ReadAllAsync(database), expected, service, TimeSpan.FromSeconds(90));
            var letters = fixture.ReadAll(deadLetters, 1, TimeSpan.FromSeconds(30));

            differences.Should().BeEmpty(SeriesSet.Describe(differences));
            letters.Should().ContainSingle("only the poison record is rejected");
            service.HasExited.Should().BeFalse("an oversized dead letter is never fatal");
            return (letters[0].Message, half);
        }
        catch
        {
            output.WriteLine("service output:\n" + service.Output);
            throw;
        }
    }

    private void ProduceLarge(string topic, byte[]? key, byte[] value)
    {
        // The client's own limit (1 MB by default) is raised for this one message; the broker takes it.
        using var producer = new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig { BootstrapServers = fixture.BootstrapServers, MessageMaxBytes = 4 * 1024 * 1024 }).Build();
        producer.Produce(topic, new Message<byte[]?, byte[]> { Key = key, Value = value }, report => report.Error.IsError.Should().BeFalse(report.Error.Reason));
        producer.Flush(TimeSpan.FromSeconds(30)).Should().Be(0, "the message is delivered");
    }
}
