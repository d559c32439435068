using System.Globalization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallMetrics.Http;

/// <summary>
/// <c>/healthz</c>: the process is alive. <c>/readyz</c>: Kafka is being consumed and the sink is healthy; its body
/// names each check that is not healthy and why (docs/OPERATIONS.md "Health"), so a probe's failure can be read.
/// </summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = WriteReadiness });
        return endpoints;
    }

    /// <summary>The overall status on the first line (as the default writer), then one line per check that is not healthy.</summary>
    private static Task WriteReadiness(HttpContext context, HealthReport report)
    {
        var text = new System.Text.StringBuilder(report.Status.ToString());
        foreach (var (name, entry) in report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (entry.Status != HealthStatus.Healthy)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n{name}: {entry.Status}: {entry.Description}");
            }
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.ToString());
    }
}
