using System.Net;
using System.Net.Sockets;
using CallMetrics.Influx;
using CallMetrics.Tests.Support;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallMetrics.Tests.Influx;

/// <summary>/readyz for the sink: the write statistics and the server's ping, for both APIs.</summary>
public class InfluxSinkHealthCheckTests
{
    [Fact]
    public async Task V2_IdleSinkWhoseServerAnswersPing_IsHealthy()
    {
        await using VictoriaMetricsServer vm = await VictoriaMetricsServer.StartNewAsync();
        await using var harness = new InfluxSinkHarness(InfluxClientTransportTests.V2(vm.Url, gzip: true));

        HealthCheckResult result = await Check(harness);

        result.Status.Should().Be(HealthStatus.Healthy);
        result.Data["ping"].Should().Be(true);
    }

    [Fact]
    public async Task V1_IdleSinkWhoseServerAnswersPing_IsHealthy()
    {
        await using InfluxServer influx = await InfluxServer.StartNewAsync();
        await using var harness = new InfluxSinkHarness(InfluxSinkHarness.V1(influx.Url));

        HealthCheckResult result = await Check(harness);

        result.Status.Should().Be(HealthStatus.Healthy);
    }

    [Theory]
    [InlineData(InfluxApi.V1)]
    [InlineData(InfluxApi.V2)]
    public async Task IdleSinkWithNoServer_IsUnhealthy_BeforeAnyWriteFails(InfluxApi api)
    {
        string url = $"http://127.0.0.1:{FreePort()}";
        InfluxOptions options = api == InfluxApi.V1 ? InfluxSinkHarness.V1(url) : InfluxClientTransportTests.V2(url, gzip: true);
        options.CreateDatabase = false;
        await using var harness = new InfluxSinkHarness(options);

        HealthCheckResult result = await Check(harness);

        result.Status.Should().Be(HealthStatus.Unhealthy);
        result.Description.Should().Be("InfluxDB does not answer its ping");
        result.Data["ping"].Should().Be(false);
    }

    private static Task<HealthCheckResult> Check(InfluxSinkHarness harness) =>
        new InfluxSinkHealthCheck(harness.Sink).CheckHealthAsync(new HealthCheckContext(), CancellationToken.None);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
