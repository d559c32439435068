using CallMetrics.Configuration;
using CallMetrics.Hosting;
using CallMetrics.Http;
using CallMetrics.Live;
using Microsoft.Extensions.Options;

namespace CallMetrics.Commands;

/// <summary>
/// <c>callmetrics run</c>: the live service. Configuration from appsettings.json (beside the executable),
/// environment variables (<c>CallMetrics__Kafka__BootstrapServers</c>, ...) and the command line
/// (<c>--CallMetrics:Kafka:BootstrapServers=...</c>), in that order of precedence. A wrong setting
/// stops the start with a message naming it (exit 3).
/// </summary>
internal static class RunCommand
{
    /// <summary>Where the service listens when nothing says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>Runs the service until <paramref name="cancellationToken"/> is cancelled; 3 for an invalid configuration.</summary>
    public static async Task<int> RunAsync(RunArguments arguments, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        WebApplication app;
        try
        {
            app = Build([.. arguments.HostArguments]);
        }
        catch (Exception exception) when (exception is OptionsValidationException or InvalidOperationException or ArgumentException or FormatException)
        {
            await stderr.WriteLineAsync($"callmetrics run: invalid configuration: {exception.Message}").ConfigureAwait(false);
            return 3;
        }

        await using (app.ConfigureAwait(false))
        {
            try
            {
                // Resolved before running: the host disposes its services when it stops.
                var state = app.Services.GetRequiredService<PipelineState>();
                await app.RunAsync(cancellationToken).ConfigureAwait(false);
                if (state.Failure is { } failure)
                {
                    await stderr.WriteLineAsync($"callmetrics run: the pipeline failed: {failure.GetBaseException().Message}").ConfigureAwait(false);
                    return 1;
                }

                return 0;
            }
            catch (OptionsValidationException exception)
            {
                await stderr.WriteLineAsync($"callmetrics run: invalid configuration: {string.Join("; ", exception.Failures)}").ConfigureAwait(false);
                return 3;
            }
        }
    }

    /// <summary>Builds the web application of the service (also used by tests and the demo).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        DurationConverter.Register();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            // Loopback unless told otherwise (--urls, ASPNETCORE_URLS or Urls): the demo must not listen outward.
            builder.WebHost.UseUrls(DefaultUrl);
        }

        configure?.Invoke(builder);
        builder.Services.AddCallMetricsService(builder.Configuration);
        builder.Services.AddLiveView(builder.Configuration);
        builder.Services.AddMetricsEndpoint(builder.Configuration);
        var security = builder.Configuration.GetSection(HttpSecurityOptions.SectionName).Get<HttpSecurityOptions>() ?? new HttpSecurityOptions();
        var app = builder.Build();
        app.UseReadOnlyEdge(security.ResolveToken());
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapHealthEndpoints();
        app.MapLiveEndpoints();
        app.MapMetricsEndpoint();
        return app;
    }
}
