using System.Diagnostics;
using CallMetrics.Kafka;
using CallMetrics.Streaming.Checkpoints;
using Xunit.Abstractions;

namespace CallMetrics.Tests.EndToEnd;

/// <summary>
/// A service whose checkpoints cannot be written does not go on as if it had checkpointed: each failure is an error in
/// the log naming the file and the reason, and the third in a row ends <c>callmetrics run</c> with a non-zero exit, so
/// the orchestrator restarts it. The write is made to fail with a directory where the temporary checkpoint file goes
/// (the tests run as root, whom a read-only directory does not stop).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class CheckpointFailureEndToEndTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan ExitWithin = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Checkpoints_that_cannot_be_written_are_logged_and_end_the_service_with_a_non_zero_exit()
    {
        output.WriteLine(fixture.BrokerDescription);
        var topic = await fixture.CreateTopicAsync("nockpt", partitions: 1);
        var deadLetters = await fixture.CreateTopicAsync("nockpt-dead", partitions: 1);
        var database = fixture.UniqueName("db");
        await fixture.Influx.CreateDatabaseAsync(database);
        var state = Directory.CreateTempSubdirectory("callmetrics-nockpt-").FullName;
        Directory.CreateDirectory(Path.Combine(state, CheckpointFile.FileName + ".tmp"));
        var environment = fixture.ServiceEnvironment(topic, fixture.UniqueName("group"), deadLetters, fixture.Influx.ServiceSettings(database));
        environment["CallMetrics__Pipeline__StateDirectory"] = state;
        environment["CallMetrics__Pipeline__CheckpointInterval"] = "00:00:00.300";

        var started = Stopwatch.StartNew();
        using var service = ServiceProcess.Launch(environment);
        try
        {
            Produce(topic);
            var exited = await service.WaitForExitAsync(ExitWithin);
            output.WriteLine($"exited {exited} after {started.Elapsed.TotalSeconds:F1} s (start-up included)");

            exited.Should().BeTrue($"three failed checkpoints 0.3 s apart end the process within {ExitWithin.TotalSeconds} s");
            service.ExitCode.Should().NotBe(0);
            var path = CheckpointFile.PathIn(state);
            service.Output.Should().Contain($"Writing the checkpoint {path} failed", "each failure is logged with the file")
                .And.Contain("3 of 3 failures in a row")
                .And.Contain($"the pipeline failed: the checkpoint {path} could not be written (3 time(s) in a row)");
            File.Exists(path).Should().BeFalse();
        }
        catch
        {
            output.WriteLine("service output:\n" + service.Output);
            throw;
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    private void Produce(string topic)
    {
        using var producer = new KafkaEventProducer(new KafkaOptions { BootstrapServers = fixture.BootstrapServers });
        producer.Produce(topic, null, """{"event_id":"e1","type":"agent.login","ts":"2026-11-26T09:00:00Z","tenant":"t","agent_id":"a1"}"""u8.ToArray());
        producer.Flush();
        producer.ThrowIfAnyFailed();
    }
}
