using System.Diagnostics;
using CallMetrics.Commands;
using CallMetrics.Kafka;

namespace CallMetrics.Tests.Kafka;

public sealed class DevBrokerCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dev-broker-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task RunAsync_PrintsABootstrapAddressThatKcatInAnotherProcessCanList()
    {
        string portFile = Path.Combine(_directory, "bootstrap");
        using StringWriter stdout = new();
        using StringWriter stderr = new();
        using CancellationTokenSource stop = new();

        Task<int> run = CommandLine.RunAsync(
            ["dev-broker", "--brokers", "2", "--topic", "calls:3", "--topic", "other:1", "--port-file", portFile], stdout, stderr, stop.Token);
        string bootstrap = await WaitForFileAsync(portFile, run);
        (int exitCode, string listing) = await RunKcatAsync("-b", bootstrap, "-L", "-m", "10");
        await stop.CancelAsync();
        int status = await run.WaitAsync(TimeSpan.FromSeconds(10));

        exitCode.Should().Be(0, listing);
        listing.Should().Contain("2 brokers:").And.Contain("topic \"calls\" with 3 partitions").And.Contain("topic \"other\" with 1 partitions");
        stdout.ToString().Trim().Should().Be(bootstrap);
        status.Should().Be(0);
        File.Exists(portFile).Should().BeFalse("a stale port file would point scripts at a broker that is gone");
    }

    [Fact]
    public async Task RunAsync_WarnsOnStandardErrorWhenAPartitionDropsRecords()
    {
        string portFile = Path.Combine(_directory, "bootstrap");
        using StringWriter stdout = new();
        using StringWriter errors = new();
        using TextWriter stderr = TextWriter.Synchronized(errors);
        using CancellationTokenSource stop = new();

        Task<int> run = DevBrokerCommand.RunAsync(
            new DevBrokerArguments { Topics = [("small", 1)], PortFile = portFile }, stdout, stderr, TimeSpan.FromMilliseconds(200), stop.Token);
        string bootstrap = await WaitForFileAsync(portFile, run);
        MockClusterRetentionWatchTests.Fill(bootstrap, "small", megabytes: 7);
        await Eventually.WaitUntilAsync(
            () => errors.ToString().Contains("warning: records dropped: small [0]", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "the broker warns about the dropped records");
        await stop.CancelAsync();
        int status = await run.WaitAsync(TimeSpan.FromSeconds(10));

        string warning = errors.ToString().Split('\n').Single(line => line.Contains("records dropped", StringComparison.Ordinal));
        warning.Should().Contain("keeps about 5 MB").And.Contain("more partitions");
        status.Should().Be(0);
    }

    [Fact]
    public async Task RunAsync_Help_SaysHowMuchThePartitionsKeep()
    {
        using StringWriter stdout = new();
        using StringWriter stderr = new();

        int status = await CommandLine.RunAsync(["dev-broker", "--help"], stdout, stderr, CancellationToken.None);

        status.Should().Be(0);
        stdout.ToString().Should().Contain("keeps about 5 MB (or 100,000 batches) per partition and drops the oldest records");
    }

    [Theory]
    [InlineData("--topic", "calls", "option --topic: 'calls' is not NAME:PARTITIONS with PARTITIONS at least 1")]
    [InlineData("--topic", "calls:0", "option --topic: 'calls:0' is not NAME:PARTITIONS with PARTITIONS at least 1")]
    [InlineData("--brokers", "zero", "option --brokers: 'zero' is not a whole number from 1 to 100")]
    [InlineData("--colour", "blue", "unknown option '--colour'")]
    public async Task RunAsync_BadArguments_ReturnsTwoWithOneLineNamingTheArgument(string option, string value, string message)
    {
        using StringWriter stdout = new();
        using StringWriter stderr = new();

        int status = await CommandLine.RunAsync(["dev-broker", option, value], stdout, stderr, CancellationToken.None);

        status.Should().Be(2);
        stdout.ToString().Should().BeEmpty();
        stderr.ToString().Should().Be($"callmetrics dev-broker: {message}{Environment.NewLine}");
    }

    private static async Task<string> WaitForFileAsync(string path, Task<int> run)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (!File.Exists(path))
        {
            if (run.IsCompleted)
            {
                throw new InvalidOperationException($"dev-broker stopped early with status {await run}");
            }

            waited.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "the port file should appear once the broker is up");
            await Task.Delay(20);
        }

        return (await File.ReadAllTextAsync(path)).Trim();
    }

    private static async Task<(int ExitCode, string Output)> RunKcatAsync(params string[] arguments)
    {
        ProcessStartInfo start = new("kcat") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process kcat = Process.Start(start)!;
        Task<string> output = kcat.StandardOutput.ReadToEndAsync();
        Task<string> errors = kcat.StandardError.ReadToEndAsync();
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(20));
        await kcat.WaitForExitAsync(timeout.Token);
        return (kcat.ExitCode, await output + await errors);
    }
}
