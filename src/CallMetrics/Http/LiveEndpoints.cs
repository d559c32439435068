using System.Text;
using System.Text.Json;
using CallMetrics.Hosting;
using CallMetrics.Live;
using Microsoft.Extensions.Options;

namespace CallMetrics.Http;

/// <summary>
/// <c>GET /api/v1/live</c>: the live picture as JSON; <c>GET /api/v1/live/stream</c>: the same as
/// Server-Sent Events; <c>GET /api/v1/live/history</c>: the rolling figures of the last hour, for sparklines;
/// <c>GET /api/v1/wallboard/config</c>: the wallboard's bands. Filters:
/// <c>?tenant=&amp;queue=&amp;team=</c>.
/// </summary>
internal static class LiveEndpoints
{
    public static IEndpointRouteBuilder MapLiveEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/live", (HttpContext context, LiveView view, PipelineState state, TimeProvider time, IServiceProvider services) =>
        {
            var response = FilterOf(context.Request).Apply(view.Current, time.GetUtcNow(), state.Statistics?.Watermark, services.GetService<ILiveKpis>());
            context.Response.Headers.CacheControl = "no-store";
            return Results.Json(response, LiveJsonContext.Default.LiveResponse);
        });

        endpoints.MapGet("/api/v1/live/stream", StreamAsync);

        endpoints.MapGet("/api/v1/live/history", (HttpContext context, LiveHistory history) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return Results.Json(history.Read(FilterOf(context.Request)), LiveJsonContext.Default.LiveHistoryResponse);
        });

        endpoints.MapGet("/api/v1/wallboard/config", (IOptions<WallboardOptions> wallboard, IOptions<LiveOptions> live) =>
            Results.Json(WallboardConfig.From(wallboard.Value, live.Value), LiveJsonContext.Default.WallboardConfig));
        return endpoints;
    }

    /// <summary>
    /// One SSE client. Every <see cref="LiveOptions.StreamInterval"/> (1 s) the loop looks at the latest
    /// picture and sends it only when its version changed, else a comment every heartbeat interval. There is
    /// no queue: a client that reads slowly gets the newest picture when it catches up (older ones are never
    /// kept), its loop waits only on its own socket, and the pipeline never waits on any reader. A write that
    /// stays stuck for a minute (a client that stopped reading) aborts the connection.
    /// </summary>
    private static async Task StreamAsync(HttpContext context, LiveView view, PipelineState state, TimeProvider time, IOptions<LiveOptions> options)
    {
        var live = options.Value;
        var filter = FilterOf(context.Request);
        var kpis = context.RequestServices.GetService<ILiveKpis>();
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        var cancellation = context.RequestAborted;
        long lastVersion = -1;
        var lastWrite = time.GetTimestamp();
        try
        {
            await WriteAsync(context, ": callmetrics live stream\nretry: 2000\n\n", cancellation).ConfigureAwait(false);
            while (!cancellation.IsCancellationRequested)
            {
                var picture = view.Current;
                if (picture.Version != lastVersion)
                {
                    lastVersion = picture.Version;
                    var body = filter.Apply(picture, time.GetUtcNow(), state.Statistics?.Watermark, kpis);
                    var json = JsonSerializer.Serialize(body, LiveJsonContext.Default.LiveResponse);
                    await WriteAsync(context, "id: " + picture.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\ndata: " + json + "\n\n", cancellation).ConfigureAwait(false);
                    lastWrite = time.GetTimestamp();
                }
                else if (time.GetElapsedTime(lastWrite) >= live.HeartbeatInterval)
                {
                    await WriteAsync(context, ": heartbeat\n\n", cancellation).ConfigureAwait(false);
                    lastWrite = time.GetTimestamp();
                }

                await Task.Delay(live.StreamInterval, cancellation).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away, or stopped reading and was cut off.
        }
    }

    private static async Task WriteAsync(HttpContext context, string text, CancellationToken cancellation)
    {
        using var stuck = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        stuck.CancelAfter(TimeSpan.FromMinutes(1));
        try
        {
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), stuck.Token).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(stuck.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            context.Abort();
            throw;
        }
    }

    private static LiveFilter FilterOf(HttpRequest request) =>
        new(request.Query["tenant"].FirstOrDefault(), request.Query["queue"].FirstOrDefault(), request.Query["team"].FirstOrDefault());
}
