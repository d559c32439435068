using Microsoft.Extensions.Diagnostics.Metrics;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace CallMetrics.Http;

/// <summary>
/// <c>GET /metrics</c>: the <see cref="ServiceInstruments"/> in the Prometheus text format, written by OpenTelemetry's
/// Prometheus exporter; and, when an endpoint is configured (<see cref="TelemetryOptions"/>), the same instruments
/// pushed over OTLP. Counters are totals; rates (events in/out per second) are Prometheus' <c>rate()</c> of them.
/// </summary>
internal static class MetricsEndpoint
{
    /// <summary>The path Prometheus scrapes.</summary>
    public const string Path = "/metrics";

    /// <summary>The instruments, their exporters and, when configured, OTLP.</summary>
    public static IServiceCollection AddMetricsEndpoint(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var telemetry = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = telemetry.OtlpEndpoint ?? (Uri.TryCreate(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"], UriKind.Absolute, out var fromEnvironment) ? fromEnvironment : null);
        services.AddSingleton<ServiceInstruments>();

        // The meter of this container only (MeterScope.Local), not AddMeter's "every meter of that name in the
        // process": a second host in the same process (tests run several) would otherwise register its instruments
        // under the same identity first, and this host would export that one's numbers.
        services.AddMetrics(builder => builder.EnableMetrics(ServiceInstruments.MeterName, instrumentName: null, listenerName: "OpenTelemetry", scopes: MeterScope.Local));
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            // Every scrape collects afresh: a cached answer would show counts older than the scrape.
            metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
            if (otlp is not null)
            {
                metrics.AddOtlpExporter(o =>
                {
                    o.Endpoint = otlp;
                    o.Protocol = telemetry.OtlpProtocol == "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
                });
            }
        });
        return services;
    }

    /// <summary>Maps <see cref="Path"/> and creates the instruments (they observe from then on).</summary>
    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.ServiceProvider.GetRequiredService<ServiceInstruments>();
        endpoints.MapPrometheusScrapingEndpoint(Path);
        return endpoints;
    }
}
