using System.Diagnostics;
using System.Globalization;
using System.Text;
using CallMetrics.Kafka;
using Xunit.Abstractions;

namespace CallMetrics.Tests.EndToEnd;

/// <summary>
/// A service that cannot go on stops: a stage of the graph that fails ends <c>callmetrics run</c> with a non-zero exit
/// within seconds, saying why. The fault is a real one, no injection: a checkpoint holding an Asterisk queue_log
/// translator's state, restarted with the topic's format changed to Amazon Connect, cannot be translated on (the
/// translate stage refuses the state rather than lose the calls it held).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class FailedStageEndToEndTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan ExitWithin = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_failed_stage_ends_the_service_with_a_non_zero_exit_within_seconds_and_says_why()
    {
        output.WriteLine(fixture.BrokerDescription);
        var topic = await fixture.CreateTopicAsync("fatal", partitions: 1);
        var deadLetters = await fixture.CreateTopicAsync("fatal-dead", partitions: 1);
        var database = fixture.UniqueName("db");
        await fixture.Influx.CreateDatabaseAsync(database);
        var state = Directory.CreateTempSubdirectory("callmetrics-fatal-").FullName;
        var environment = fixture.ServiceEnvironment(topic, fixture.UniqueName("group"), deadLetters, fixture.Influx.ServiceSettings(database));
        environment["CallMetrics__Pipeline__StateDirectory"] = state;
        environment["CallMetrics__Pipeline__CheckpointInterval"] = "00:00:00.300";
        environment[$"CallMetrics__Pipeline__InputFormats__{topic}"] = "asterisk-queue-log";
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Inputs", "TestData", "asterisk-normal-day.queue_log")).Where(l => l.Length > 0).ToList();

        var service = await ServiceProcess.StartAsync(environment);
        try
        {
            Produce(topic, lines);
            var committed = string.Create(CultureInfo.InvariantCulture, $"Committed offsets {topic}[0]@{lines.Count}");
            var clock = Stopwatch.StartNew();
            while (!service.Output.Contains(committed, StringComparison.Ordinal))
            {
                service.ThrowIfExited();
                clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60), "the lines are checkpointed within a minute");
                await Task.Delay(200);
            }

            service.Kill();
            service.Dispose();

            environment[$"CallMetrics__Pipeline__InputFormats__{topic}"] = "amazon-connect";
            var started = Stopwatch.StartNew();
            service = ServiceProcess.Launch(environment);
            var exited = await service.WaitForExitAsync(ExitWithin);
            output.WriteLine($"restarted with another format: exited {exited} after {started.Elapsed.TotalSeconds:F1} s (start-up included)");

            exited.Should().BeTrue($"a failed stage ends the process within {ExitWithin.TotalSeconds} s");
            service.ExitCode.Should().NotBe(0);
            service.Output.Should().Contain("the pipeline failed").And.Contain("cannot be read as amazon-connect");
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
