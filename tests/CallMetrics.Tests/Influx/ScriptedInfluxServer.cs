using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CallMetrics.Tests.Influx;

/// <summary>
/// A real HTTP server on 127.0.0.1 speaking the v2 write API with answers a test chooses (status, body, headers), for
/// the answers no real server here gives on demand (400 on one line, 401/403, 429 with Retry-After). It records every
/// write request, body decompressed.
/// </summary>
internal sealed class ScriptedInfluxServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ScriptedInfluxServer(WebApplication app) => _app = app;

    /// <summary>The base address, <c>http://127.0.0.1:PORT</c>.</summary>
    public string Url { get; private set; } = string.Empty;

    /// <summary>Every write request so far, in arrival order.</summary>
    public ConcurrentQueue<RecordedWrite> Writes { get; } = new();

    /// <summary>How the server answers a write, given its body and its number (0 for the first); 204 by default.</summary>
    public Func<string, int, ScriptedAnswer> Answer { get; set; } = (_, _) => ScriptedAnswer.NoContent;

    public static async Task<ScriptedInfluxServer> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        var server = new ScriptedInfluxServer(app);
        app.MapPost("/api/v2/write", server.WriteAsync);
        app.MapGet("/ping", () => Results.NoContent());
        await app.StartAsync();
        server.Url = app.Urls.Single();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task WriteAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        string encoding = request.Headers.ContentEncoding.ToString();
        Stream body = encoding == "gzip" ? new GZipStream(request.Body, CompressionMode.Decompress) : request.Body;
        string text;
        using (var reader = new StreamReader(body, Encoding.UTF8))
        {
            text = await reader.ReadToEndAsync();
        }

        int number = Writes.Count;
        Writes.Enqueue(new RecordedWrite(request.Path + request.QueryString, request.Headers.Authorization.ToString(), encoding, text));
        ScriptedAnswer answer = Answer(text, number);
        context.Response.StatusCode = answer.Status;
        foreach ((string name, string value) in answer.Headers ?? [])
        {
            context.Response.Headers[name] = value;
        }

        if (answer.Body is { } content)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(content);
        }
    }
}
