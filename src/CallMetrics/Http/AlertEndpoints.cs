using System.Buffers;
using System.Text.Json;
using CallMetrics.Alerts;

namespace CallMetrics.Http;

/// <summary>
/// <c>GET /api/v1/alerts?tenant=</c>: the alerts firing now, as <c>{"alerts": [...]}</c> with one METRICS.md alert
/// object each (<c>state</c> <c>firing</c>, <c>at</c> = since when, <c>value</c> = the field's value then), oldest
/// first. <c>tenant</c> keeps the alerts whose <c>tenant</c> tag is that one. Behind the same read-only edge and
/// token as the other read endpoints.
/// </summary>
internal static class AlertEndpoints
{
    public static IEndpointRouteBuilder MapAlertEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/alerts", (HttpContext context, FiringAlerts firing) =>
        {
            var tenant = context.Request.Query["tenant"].FirstOrDefault();
            var buffer = new ArrayBufferWriter<byte>(1024);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteStartArray("alerts");
                foreach (var alert in firing.Current)
                {
                    if (string.IsNullOrEmpty(tenant) || alert.Tag("tenant") == tenant)
                    {
                        AlertJson.Write(writer, alert);
                    }
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            context.Response.Headers.CacheControl = "no-store";
            return Results.Bytes(buffer.WrittenMemory.ToArray(), "application/json");
        });
        return endpoints;
    }
}
