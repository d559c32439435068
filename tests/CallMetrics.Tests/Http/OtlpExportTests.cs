using System.Text;
using CallMetrics.Hosting;
using CallMetrics.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallMetrics.Tests.Http;

/// <summary>With <c>CallMetrics:Telemetry:OtlpEndpoint</c> set, the <c>/metrics</c> instruments also go to an OTLP receiver.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task The_instruments_are_pushed_to_the_configured_OTLP_endpoint_over_http_protobuf()
    {
        var received = new TaskCompletionSource<(string ContentType, byte[] Body)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await StartAsync(
            app => app.MapPost("/v1/metrics", async (HttpRequest request) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                // The exporter may push once before the service's meter has reported (a resource with no metrics):
                // wait for the first push that carries it; none within the bound fails the test.
                if (Encoding.UTF8.GetString(body.ToArray()).Contains(ServiceInstruments.MeterName, StringComparison.Ordinal))
                {
                    received.TrySetResult((request.ContentType ?? string.Empty, body.ToArray()));
                }
                return Results.Ok();
            }));
        await using var service = await StartAsync(
            app => app.MapMetricsEndpoint(),
            new Dictionary<string, string?>
            {
                ["CallMetrics:Telemetry:OtlpEndpoint"] = receiver.Urls.First() + "/v1/metrics",
                ["CallMetrics:Telemetry:OtlpProtocol"] = "http/protobuf",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
            });

        var (contentType, body) = await received.Task.WaitAsync(TimeSpan.FromSeconds(30));

        contentType.Should().Be("application/x-protobuf");
        var text = Encoding.UTF8.GetString(body);
        text.Should().Contain(ServiceInstruments.MeterName).And.Contain("callmetrics.records_in").And.Contain("callmetrics.sink_retries");
    }

    private static async Task<WebApplication> StartAsync(Action<WebApplication> map, Dictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton(new PipelineState());
            builder.Services.AddSingleton(TimeProvider.System);
            builder.Services.AddMetricsEndpoint(builder.Configuration);
        }

        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return app;
    }
}
