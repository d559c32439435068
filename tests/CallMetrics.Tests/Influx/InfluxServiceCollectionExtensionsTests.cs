using System.Collections.Concurrent;
using CallMetrics.Influx;
using CallMetrics.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallMetrics.Tests.Influx;

public class InfluxServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddInfluxSink_FromConfiguration_WritesAndReportsHealthy()
    {
        await using InfluxServer influx = await InfluxServer.StartNewAsync();
        var deadLetters = new ConcurrentQueue<RejectedLine>();
        ServiceProvider provider = Build(new()
        {
            ["CallMetrics:Influx:Url"] = influx.Url,
            ["CallMetrics:Influx:Database"] = "from_config",
            ["CallMetrics:Influx:FlushInterval"] = "00:00:00.050",
        }, deadLetters);
        await using (provider)
        {
            InfluxSink sink = provider.GetRequiredService<InfluxSink>();
            await sink.WriteAsync(LineBatches.Batch([$"m v=1i {LineBatches.RecentTimestampNs()}", "not line protocol"]), CancellationToken.None);
            await sink.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

            HealthReport report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("ready"));
            report.Entries[InfluxServiceCollectionExtensions.HealthCheckName].Status.Should().Be(HealthStatus.Healthy);
            report.Entries[InfluxServiceCollectionExtensions.HealthCheckName].Data["lines_written"].Should().Be(1L);
            deadLetters.Should().ContainSingle().Which.Line.Should().Be("not line protocol");
        }

        (await influx.QueryRowsAsync("from_config", "SELECT v FROM m")).Should().ContainSingle();
    }

    [Fact]
    public async Task AddInfluxSink_InvalidSettings_FailWithTheSettingsNamed()
    {
        await using ServiceProvider provider = Build(new() { ["CallMetrics:Influx:Api"] = "v2", ["CallMetrics:Influx:Org"] = "acme" }, new());

        Func<InfluxOptions> resolve = () => provider.GetRequiredService<IOptions<InfluxOptions>>().Value;

        resolve.Should().Throw<OptionsValidationException>().WithMessage("*CallMetrics:Influx:Bucket is required when Api is v2*");
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, ConcurrentQueue<RejectedLine> deadLetters)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(new CapturingLoggerProvider()))
            .AddInfluxSink(configuration, _ => deadLetters.Enqueue)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
