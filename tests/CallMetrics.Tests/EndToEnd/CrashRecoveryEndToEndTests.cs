using Xunit.Abstractions;

namespace CallMetrics.Tests.EndToEnd;

/// <summary>
/// Issue "reliability": a simulated day streamed through the service, the process killed with SIGKILL at several
/// random points and restarted on the same state directory; the final InfluxDB series equal replay's, line for line.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class CrashRecoveryEndToEndTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private static readonly DateTimeOffset SimulatedDay = new(2026, 11, 19, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Killed_at_random_points_and_restarted_the_service_ends_with_exactly_replays_series()
    {
        output.WriteLine(fixture.BrokerDescription);
        var tenant = fixture.UniqueName("crash");
        IReadOnlyList<TestEvent> day = EventSets.SimulatedDay(tenant, SimulatedDay, agents: 30, seed: 11);
        EventSets.AgentsLoggedInAtTheEnd(day).Should().BeEmpty();
        var expected = await EndToEndFixture.ReplayAsync(day);
        var topic = await fixture.CreateTopicAsync("crash", partitions: 4);
        var deadLetters = await fixture.CreateTopicAsync("crash-dead", partitions: 1);
        var database = fixture.UniqueName("db");
        await fixture.Influx.CreateDatabaseAsync(database);
        var state = Directory.CreateTempSubdirectory("callmetrics-crash-").FullName;
        var environment = fixture.ServiceEnvironment(topic, fixture.UniqueName("group"), deadLetters, fixture.Influx.ServiceSettings(database));
        environment["CallMetrics__Pipeline__StateDirectory"] = state;
        environment["CallMetrics__Pipeline__CheckpointInterval"] = "00:00:00.300";

        var random = new Random(11);
        var chunks = day.Chunk((day.Count / 24) + 1).ToList();
        var killAfter = Enumerable.Range(0, 3).Select(_ => random.Next(2, chunks.Count - 1)).ToHashSet();
        var kills = 0;
        var notStored = 0;
        var service = await ServiceProcess.StartAsync(environment);
        try
        {
            for (var i = 0; i < chunks.Count; i++)
            {
                fixture.Produce(topic, [.. chunks[i]]);
                await Task.Delay(random.Next(100, 400));
                if (killAfter.Contains(i))
                {
                    // SIGKILL mid-stream: whatever was in flight is lost with the process, not with the data.
                    service.Kill();
                    kills++;
                    notStored += NotStoredWarnings(service.Output);
                    output.WriteLine($"killed after chunk {i} of {chunks.Count}; checkpoint: {File.Exists(Path.Combine(state, "checkpoint.bin"))}");
                    service.Dispose();
                    service = await ServiceProcess.StartAsync(environment);
                }
            }

            fixture.ProduceClockToEveryPartition(topic, 4, day.Max(e => e.Timestamp).AddDays(2));
            var differences = await EndToEndFixture.WaitForSeriesAsync(
                () => fixture.Influx.ReadAllAsync(database), expected, service, TimeSpan.FromSeconds(90));

            output.WriteLine($"{day.Count} events, {kills} kills, replay: {expected.SeriesCount} series, {expected.Count} points");
            kills.Should().BeGreaterThanOrEqualTo(2);
            notStored += NotStoredWarnings(service.Output);
            output.WriteLine($"'not stored' offset warnings over every run: {notStored}");
            notStored.Should().BeLessThanOrEqualTo(4, "a restarted instance stores only the offsets of partitions assigned to it, not one warning per partition per checkpoint until the group assigns them");
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

    /// <summary>KafkaLog.OffsetNotStored lines: "Offset N of topic [p] not stored: reason".</summary>
    private static int NotStoredWarnings(string serviceOutput) =>
        serviceOutput.Split('\n').Count(line => line.Contains(" not stored: ", StringComparison.Ordinal));
}
