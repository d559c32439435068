using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CallMetrics.Tests.Alerts;

/// <summary>
/// A real HTTP listener on 127.0.0.1 (free port) that takes webhook POSTs: it records each body and answers with
/// what <c>answer</c> says for that attempt (1-based), or never answers (<see cref="Hang"/>).
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    /// <summary>An answer that keeps the request open until the client gives up.</summary>
    public const int Hang = -1;

    private readonly WebApplication _app;
    private int _attempts;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Bodies received, in order (every attempt, answered or not).</summary>
    public ConcurrentQueue<string> Bodies { get; } = new();

    /// <summary>Content types received, in order.</summary>
    public ConcurrentQueue<string> ContentTypes { get; } = new();

    public int Attempts => Volatile.Read(ref _attempts);

    public Uri Url { get; private set; } = null!;

    /// <summary>Starts a receiver on <paramref name="port"/> (0: a free one).</summary>
    public static async Task<WebhookReceiver> StartAsync(Func<int, int> answer, int port = 0)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks/{token}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            receiver.Bodies.Enqueue(body);
            receiver.ContentTypes.Enqueue(context.Request.ContentType ?? string.Empty);
            var status = answer(Interlocked.Increment(ref receiver._attempts));
            if (status == Hang)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            context.Response.StatusCode = status;
        });
        await app.StartAsync();
        receiver.Url = new Uri(new Uri(app.Urls.First()), "/hooks/secret-token");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(patience.Token);
        await _app.DisposeAsync();
    }
}
