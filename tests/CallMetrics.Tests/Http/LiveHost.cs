using CallMetrics.Hosting;
using CallMetrics.Http;
using CallMetrics.Live;
using CallMetrics.Tests.Live;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallMetrics.Tests.Http;

/// <summary>
/// The service's HTTP side on a real Kestrel at 127.0.0.1 (free port), with a <see cref="LiveFeed"/> in place
/// of the pipeline: the endpoints and pages exactly as <c>callmetrics run</c> maps them.
/// </summary>
internal sealed class LiveHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LiveHost(WebApplication app, LiveFeed feed, LivePictures pictures)
    {
        _app = app;
        Pictures = pictures;
        Feed = feed;
        Address = new Uri(app.Urls.First());
        Client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public LiveFeed Feed { get; }

    /// <summary>The hub the stream clients subscribe to.</summary>
    public LivePictures Pictures { get; }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public static async Task<LiveHost> StartAsync(LiveOptions? options = null)
    {
        var live = options ?? new LiveOptions();
        var pictures = new LivePictures();
        var feed = new LiveFeed(live, pictures: pictures);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(feed.View);
        builder.Services.AddSingleton(pictures);
        builder.Services.AddSingleton(feed.History);
        builder.Services.AddSingleton(new PipelineState());
        builder.Services.AddSingleton<TimeProvider>(TimeProvider.System);
        builder.Services.AddOptions<LiveOptions>().Configure(o =>
        {
            o.StreamInterval = live.StreamInterval;
            o.HeartbeatInterval = live.HeartbeatInterval;
            o.PublishInterval = live.PublishInterval;
        });
        builder.Services.AddOptions<WallboardOptions>();
        builder.Services.AddMetricsEndpoint(builder.Configuration);
        var app = builder.Build();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapLiveEndpoints();
        app.MapMetricsEndpoint();
        await app.StartAsync();
        return new LiveHost(app, feed, pictures);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Pictures.Dispose();
    }
}
