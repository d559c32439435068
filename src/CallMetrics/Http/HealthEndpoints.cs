using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace CallMetrics.Http;

/// <summary><c>/healthz</c>: the process is alive. <c>/readyz</c>: Kafka is being consumed and the sink is healthy.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return endpoints;
    }
}
