using System.Globalization;
using CallMetrics.Influx;
using CallMetrics.Tests.Support;

namespace CallMetrics.Tests.Influx;

/// <summary>The sink through the 2.x write API (InfluxDB.Client), against a real VictoriaMetrics.</summary>
public class InfluxSinkVictoriaMetricsTests
{
    private const string Token = "vm-token-5f1c9e0a";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RoundTrip_V2ApiWithToken_EveryPointArrivesWithItsValueAndMillisecondTimestamp(bool gzip)
    {
        await using VictoriaMetricsServer vm = await VictoriaMetricsServer.StartNewAsync();
        long firstMs = LineBatches.RecentTimestampNs() / 1_000_000;
        const int count = 2000;

        // VictoriaMetrics keeps numbers only (a string field would become a 0 sample) and milliseconds.
        List<string> lines = Enumerable.Range(0, count)
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"vm_calls,agent=agent\\ {i % 5} handled={i}i,aht={LineBatches.AhtOf(i):R} {(firstMs + i) * 1_000_000}"))
            .ToList();
        InfluxOptions options = V2(vm.Url, gzip);

        await using (var harness = new InfluxSinkHarness(options))
        {
            foreach (IReadOnlyList<string> chunk in LineBatches.Chunks(lines, 250))
            {
                await harness.Sink.WriteAsync(LineBatches.Batch(chunk), CancellationToken.None);
            }

            await harness.Sink.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
            harness.Sink.Statistics.LinesWritten.Should().Be(count);
            harness.Logs.Text.Should().NotContain(Token);
        }

        IReadOnlyList<VictoriaMetricsServer.ExportedSeries> handled = await vm.WaitForSamplesAsync("{__name__=\"vm_calls_handled\"}", count);
        IReadOnlyList<VictoriaMetricsServer.ExportedSeries> aht = await vm.WaitForSamplesAsync("{__name__=\"vm_calls_aht\"}", count);

        handled.Select(s => s.Labels["agent"]).Should().BeEquivalentTo(Enumerable.Range(0, 5).Select(a => $"agent {a}"));
        var handledByTime = handled.SelectMany(s => s.Timestamps.Zip(s.Values, (t, v) => (Agent: s.Labels["agent"], Time: t, Value: v))).OrderBy(p => p.Time).ToList();
        handledByTime.Should().HaveCount(count, "each point is stored once");
        for (int i = 0; i < count; i++)
        {
            handledByTime[i].Should().Be(($"agent {i % 5}", firstMs + i, (double)i));
        }

        var ahtByTime = aht.SelectMany(s => s.Timestamps.Zip(s.Values, (t, v) => (Time: t, Value: v))).OrderBy(p => p.Time).ToList();
        ahtByTime.Should().HaveCount(count);
        for (int i = 0; i < count; i++)
        {
            // /api/v1/export prints 12 significant digits, so exact equality of floats is not observable here.
            ahtByTime[i].Value.Should().BeApproximately(LineBatches.AhtOf(i), 1e-9);
        }
    }

    private static InfluxOptions V2(string url, bool gzip) => new()
    {
        Url = url,
        Api = InfluxApi.V2,
        Org = "contact center",
        Bucket = "calls",
        Token = Token,
        Gzip = gzip,
        BatchSize = 1000,
        FlushInterval = TimeSpan.FromMilliseconds(50),
        MaxRetryDelay = TimeSpan.FromMilliseconds(200),
        QueueCapacity = 8,
    };
}
