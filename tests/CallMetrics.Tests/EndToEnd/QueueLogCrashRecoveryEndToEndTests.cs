using System.Globalization;
using System.Text;
using CallMetrics.Commands;
using CallMetrics.Kafka;
using Xunit.Abstractions;

namespace CallMetrics.Tests.EndToEnd;

/// <summary>
/// A day of Asterisk queue_log produced to a vendor-format topic, the service killed with SIGKILL at several random
/// points and restarted on the same state directory: the translator's state (open calls, members, wrap ends scheduled,
/// lines held back to reorder) comes back with the offsets, so the final InfluxDB series equal replay's of the file.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class QueueLogCrashRecoveryEndToEndTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private static readonly DateTimeOffset Day = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan WrapUp = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Killed_during_a_queue_log_stream_and_restarted_the_service_ends_with_replays_series_of_the_file()
    {
        output.WriteLine(fixture.BrokerDescription);
        var lines = QueueLogDay.Lines(Day, agents: 12, calls: 1500, WrapUp, seed: 23);
        var expected = await ReplayAsync(lines);
        var topic = await fixture.CreateTopicAsync("queuelog", partitions: 1);
        var deadLetters = await fixture.CreateTopicAsync("queuelog-dead", partitions: 1);
        var database = fixture.UniqueName("db");
        await fixture.Influx.CreateDatabaseAsync(database);
        var state = Directory.CreateTempSubdirectory("callmetrics-queuelog-crash-").FullName;
        var environment = fixture.ServiceEnvironment(topic, fixture.UniqueName("group"), deadLetters, fixture.Influx.ServiceSettings(database));
        environment["CallMetrics__Pipeline__StateDirectory"] = state;
        environment["CallMetrics__Pipeline__CheckpointInterval"] = "00:00:00.300";
        environment[$"CallMetrics__Pipeline__InputFormats__{topic}"] = "asterisk-queue-log";
        environment["CallMetrics__Pipeline__Translator__DefaultWrapUp"] = "00:00:30";
        // The one partition must not go idle while a restarted service waits for the group: an idle source releases
        // what its translator holds back (docs/GRAPH.md), which replay of the file never does mid-stream. The line two
        // days later releases everything at the end instead.
        environment["CallMetrics__Pipeline__SourceIdleTimeout"] = "00:10:00";

        var random = new Random(23);
        var chunks = lines.Chunk((lines.Count / 24) + 1).ToList();
        var killAfter = Enumerable.Range(0, 3).Select(_ => random.Next(2, chunks.Count - 1)).ToHashSet();
        var kills = 0;
        var service = await ServiceProcess.StartAsync(environment);
        try
        {
            for (var i = 0; i < chunks.Count; i++)
            {
                Produce(topic, chunks[i]);
                await Task.Delay(random.Next(100, 400));
                if (killAfter.Contains(i))
                {
                    // SIGKILL mid-stream: calls are open and lines held back in the translator when the process dies.
                    service.Kill();
                    kills++;
                    output.WriteLine($"killed after chunk {i} of {chunks.Count}; checkpoint: {File.Exists(Path.Combine(state, "checkpoint.bin"))}");
                    service.Dispose();
                    service = await ServiceProcess.StartAsync(environment);

                    // Resume only once the group has handed the partition over (the dead member's session expired), so
                    // the next kill falls after records translated by a restored translator.
                    await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
                }
            }

            // A member joining two days later moves event time past the day, so every window of it closes (a second
            // line an hour after it releases it from the translator's reorder window); their own points (from the day
            // after) are left out of the comparison.
            var later = Day.AddDays(2).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            var laterStill = Day.AddDays(2).AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            Produce(topic, [$"{later}|MANAGER|sales|PJSIP/9999|ADDMEMBER|", $"{laterStill}|MANAGER|sales|PJSIP/9999|REMOVEMEMBER|"]);
            var cut = Day.AddDays(1);
            var differences = await EndToEndFixture.WaitForSeriesAsync(
                async () => (await fixture.Influx.ReadAllAsync(database)).Before(cut), expected, service, TimeSpan.FromSeconds(90));

            output.WriteLine($"{lines.Count} lines, {kills} kills, replay: {expected.SeriesCount} series, {expected.Count} points");
            kills.Should().BeGreaterThanOrEqualTo(2);
            expected.Count.Should().BeGreaterThan(1000, "the day gives many points to compare");
            service.Output.Should().Contain("Restored checkpoint", "the last start resumed from a checkpoint, not from the beginning");
            differences.Should().BeEmpty(SeriesSet.Describe(differences));
        }
        catch
        {
            output.WriteLine("service output:\n" + service.Output);
            throw;
        }
        finally
        {
            service.Dispose();
            Directory.Delete(state, recursive: true);
        }
    }

    /// <summary>What <c>replay --format asterisk-queue-log --wrapup 30s</c> computes for the lines (the service's default windows).</summary>
    private static async Task<SeriesSet> ReplayAsync(List<string> lines)
    {
        var directory = Directory.CreateTempSubdirectory("callmetrics-e2e-").FullName;
        try
        {
            var input = Path.Combine(directory, "day.queue_log");
            await File.WriteAllLinesAsync(input, lines);
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var exit = await CommandLine.RunAsync(
                ["replay", "--format", "asterisk-queue-log", "--wrapup", "30s", "--input", input, "--rolling", "15m", "--step", "1m", "--quiet"],
                stdout, stderr, CancellationToken.None);
            exit.Should().Be(0, stderr.ToString());
            stderr.ToString().Should().NotContain("dead", "the generated day is clean queue_log");
            return SeriesSet.FromLineProtocol(stdout.ToString());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private void Produce(string topic, IEnumerable<string> lines)
    {
        using var producer = new KafkaEventProducer(new KafkaOptions { BootstrapServers = fixture.BootstrapServers });
        foreach (var line in lines)
        {
            producer.Produce(topic, null, Encoding.UTF8.GetBytes(line));
        }

        producer.Flush();
        producer.ThrowIfAnyFailed();
    }
}
