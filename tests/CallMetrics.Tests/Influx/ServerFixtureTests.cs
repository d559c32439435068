using System.Globalization;
using System.Text;
using CallMetrics.Tests.Support;

namespace CallMetrics.Tests.Influx;

/// <summary>The real-server fixtures other tests rely on: class-fixture use, restart on the same port and data, clean-up.</summary>
public class ServerFixtureTests : IClassFixture<InfluxServer>, IClassFixture<VictoriaMetricsServer>
{
    private readonly InfluxServer _influx;
    private readonly VictoriaMetricsServer _vm;

    public ServerFixtureTests(InfluxServer influx, VictoriaMetricsServer vm)
    {
        _influx = influx;
        _vm = vm;
    }

    [Fact]
    public async Task InfluxServer_RestartsOnTheSamePortWithItsData()
    {
        await _influx.CreateDatabaseAsync("restart");
        using var client = new HttpClient();
        using (var body = new StringContent("r v=42i 1000000000\n", Encoding.UTF8))
        {
            (await client.PostAsync(new Uri(_influx.Url + "/write?db=restart&precision=ns"), body)).EnsureSuccessStatusCode();
        }

        int port = _influx.Port;
        _influx.Stop();
        _influx.IsRunning.Should().BeFalse();
        await _influx.StartAsync();

        _influx.Port.Should().Be(port);
        _influx.IsRunning.Should().BeTrue();
        IReadOnlyList<IReadOnlyDictionary<string, object?>> rows = await _influx.QueryRowsAsync("restart", "SELECT v FROM r");
        rows.Should().ContainSingle().Which.Should().Contain(new KeyValuePair<string, object?>("time", 1_000_000_000L)).And.Contain(new KeyValuePair<string, object?>("v", 42L));
    }

    [Fact]
    public async Task VictoriaMetricsServer_RestartsOnTheSamePortWithItsData()
    {
        long ms = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - 60_000;
        using var client = new HttpClient();
        using (var body = new StringContent(string.Create(CultureInfo.InvariantCulture, $"fixture,k=v f=7 {ms * 1_000_000}\n"), Encoding.UTF8))
        {
            (await client.PostAsync(new Uri(_vm.Url + "/write?precision=ns"), body)).EnsureSuccessStatusCode();
        }

        (await _vm.WaitForSamplesAsync("{__name__=\"fixture_f\"}", 1)).Should().ContainSingle();
        int port = _vm.Port;
        _vm.Stop();
        await _vm.StartAsync();

        _vm.Port.Should().Be(port);
        VictoriaMetricsServer.ExportedSeries series = (await _vm.WaitForSamplesAsync("{__name__=\"fixture_f\"}", 1)).Should().ContainSingle().Subject;
        series.Labels["k"].Should().Be("v");
        series.Values.Should().Equal(7);
        series.Timestamps.Should().Equal(ms);
    }

    [Fact]
    public async Task Dispose_KillsTheServerAndDeletesItsDirectory()
    {
        InfluxServer influx = await InfluxServer.StartNewAsync();
        VictoriaMetricsServer vm = await VictoriaMetricsServer.StartNewAsync();

        influx.Dispose();
        vm.Dispose();

        influx.IsRunning.Should().BeFalse();
        vm.IsRunning.Should().BeFalse();
        Directory.Exists(influx.Directory).Should().BeFalse();
        Directory.Exists(vm.Directory).Should().BeFalse();
    }
}
