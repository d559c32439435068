using CallMetrics.Kafka;
using CallMetrics.Tests.Support;

using Confluent.Kafka;

namespace CallMetrics.Tests.Kafka;

public sealed class KafkaNativeTests
{
    [Fact]
    public void Version_IsTheBundledLibrdkafka_EvenWhenTheMachineHasAnother()
    {
        KafkaNative.EnsureLoaded();

        // Library.VersionString is what Confluent.Kafka itself bound: on a machine with Debian's librdkafka
        // (2.0.2) installed, the runtime's own search would have picked that one.
        Library.VersionString.Should().Be(BundledLibrdkafka.Version);
        KafkaNative.Version.Should().Be(BundledLibrdkafka.Version);
    }

    [Fact]
    public void LoadedPath_IsThePackagesFileBesideTheTests()
    {
        string path = KafkaNative.LoadedPath;

        path.Should().StartWith(AppContext.BaseDirectory);
        Path.GetFileName(path).Should().BeOneOf("librdkafka.so", "centos8-librdkafka.so", "alpine-librdkafka.so", "librdkafka.dylib", "librdkafka.dll");
    }

    [Fact]
    public void NoOtherLibrdkafkaIsMappedIntoTheProcess()
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.WriteLine("skipped: /proc/self/maps is Linux only");
            return;
        }

        // A client makes Confluent.Kafka bind every native function it uses.
        using IAdminClient admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = "127.0.0.1:1" }).Build();

        string[] mapped = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && fields[5].Contains("rdkafka", StringComparison.Ordinal))
            .Select(fields => fields[5])
            .Distinct(StringComparer.Ordinal)
            .ToArray();

        mapped.Should().Equal([KafkaNative.LoadedPath], "one librdkafka, the bundled one, serves Confluent.Kafka and the mock cluster");
    }

    [Fact]
    public void CandidatePaths_LookInTheAppsOwnFoldersOnly()
    {
        IReadOnlyList<string> candidates = KafkaNative.CandidatePaths();

        candidates.Should().NotBeEmpty()
            .And.OnlyContain(path => path.StartsWith(AppContext.BaseDirectory, StringComparison.Ordinal), "a system librdkafka is what must not be loaded");
    }

    [Fact]
    public void EnsureLoaded_IsIdempotent()
    {
        KafkaNative.EnsureLoaded();

        Action again = KafkaNative.EnsureLoaded;

        again.Should().NotThrow();
    }

    [Fact]
    public async Task TheCallmetricsProcess_ReportsTheBundledLibrdkafka()
    {
        (int exitCode, string stdout, _) = await CliProcess.RunAsync([DevBrokerCommand.Name, "--help"]);

        exitCode.Should().Be(0);
        stdout.Should().Contain($"librdkafka {BundledLibrdkafka.Version} (");
    }
}
