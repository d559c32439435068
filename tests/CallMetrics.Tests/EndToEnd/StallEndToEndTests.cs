using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace CallMetrics.Tests.EndToEnd;

/// <summary>
/// The stall check through the real process: InfluxDB stopped while events keep coming, the graph fills up behind the
/// sink and takes no more records, so within <c>Health:StallAfter</c> (2 s here) <c>/readyz</c> is unhealthy and names
/// the pipeline's stall; once InfluxDB is back, the graph drains and the instance is ready again.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class StallEndToEndTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private const string StallReason = "pipeline: Unhealthy: no progress for 2 s while records wait";
    private static readonly DateTimeOffset FirstDay = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_graph_that_takes_no_records_while_input_waits_makes_readyz_unhealthy_and_ready_again_once_it_drains()
    {
        output.WriteLine(fixture.BrokerDescription);
        if (fixture.Influx.Local is null)
        {
            output.WriteLine($"skipped: the stall test stops and starts InfluxDB, which it cannot do to the {fixture.Influx.Description}");
            return;
        }

        var tenant = fixture.UniqueName("stall");
        var topic = await fixture.CreateTopicAsync("stall", partitions: 1);
        var deadLetters = await fixture.CreateTopicAsync("stall-dead", partitions: 1);
        var database = fixture.UniqueName("db");
        await fixture.Influx.CreateDatabaseAsync(database);
        var environment = fixture.ServiceEnvironment(topic, fixture.UniqueName("group"), deadLetters, fixture.Influx.ServiceSettings(database));
        environment["CallMetrics__Health__StallAfter"] = "00:00:02";
        environment["CallMetrics__Influx__MaxRetryDelay"] = "00:00:01";
        // Small buffers, so that the sink's outage reaches the consumer after a few thousand events, not a million.
        environment["CallMetrics__Influx__QueueCapacity"] = "1";
        environment["CallMetrics__Influx__BatchSize"] = "500";
        environment["CallMetrics__Pipeline__QueueCapacity"] = "1";
        environment["CallMetrics__Kafka__MaxBatchSize"] = "50";
        environment["CallMetrics__Pipeline__SourceIdleTimeout"] = "00:10:00";
        using var service = await ServiceProcess.StartAsync(environment);
        try
        {
            fixture.Produce(topic, EventSets.SimulatedDay(tenant, FirstDay, agents: 10, seed: 3));
            await EndToEndFixture.WaitForFirstPointsAsync(() => fixture.Influx.ReadAllAsync(database), service, TimeSpan.FromSeconds(60));
            await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));

            fixture.Influx.Local.Stop();
            var outage = Stopwatch.StartNew();
            await Task.Run(() => fixture.Produce(topic, EventSets.SimulatedDay(tenant, FirstDay.AddDays(1), agents: 60, seed: 4)));
            var stalled = await WaitForReadinessAsync(service, r => r.Body.Contains(StallReason, StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"/readyz after {outage.Elapsed.TotalSeconds:F1} s of outage: {stalled.Status} {stalled.Body}"));

            await fixture.Influx.Local.StartAsync();
            var recovered = await WaitForReadinessAsync(service, r => r.Status == 200, TimeSpan.FromSeconds(90));
            output.WriteLine($"/readyz after InfluxDB came back: {recovered.Status} {recovered.Body}");

            stalled.Status.Should().Be(503, "a stalled graph is not ready");
            stalled.Body.Should().Contain(StallReason);
            recovered.Status.Should().Be(200, "the graph drains once the sink is back");
        }
        catch
        {
            output.WriteLine("service output:\n" + service.Output);
            throw;
        }
        finally
        {
            if (fixture.Influx.Local is { } influx)
            {
                await influx.StartAsync();
            }
        }
    }

    private static async Task<(int Status, string Body)> WaitForReadinessAsync(ServiceProcess service, Func<(int Status, string Body), bool> until, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            service.ThrowIfExited();
            var readiness = await service.ReadinessReportAsync();
            if (until(readiness) || clock.Elapsed > timeout)
            {
                return readiness;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }
}
