namespace CallMetrics.Http;

/// <summary>
/// Where the service's metrics go besides <c>/metrics</c> (section <c>CallMetrics:Telemetry</c>): an OpenTelemetry
/// collector over OTLP, off unless an endpoint is configured.
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "CallMetrics:Telemetry";

    /// <summary>
    /// The OTLP endpoint (e.g. <c>http://collector:4317</c> for gRPC, <c>http://collector:4318/v1/metrics</c> for
    /// HTTP); null (default) exports nothing over OTLP. The standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable turns
    /// it on as well, and the exporter's other <c>OTEL_EXPORTER_OTLP_*</c> variables apply.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>OTLP transport: <c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = "grpc";
}
