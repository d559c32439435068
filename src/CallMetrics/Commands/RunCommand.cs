using CallMetrics.Alerts;
using CallMetrics.Configuration;
using CallMetrics.Hosting;
using CallMetrics.Http;
using CallMetrics.Live;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace CallMetrics.Commands;

/// <summary>
/// <c>callmetrics run</c>: the live service. Configuration from appsettings.json (beside the executable),
/// environment variables (<c>CallMetrics__Kafka__BootstrapServers</c>, ...) and the command line
/// (<c>--CallMetrics:Kafka:BootstrapServers=...</c>), in that order of precedence. A wrong setting
/// stops the start with one line naming it (exit 3), before anything connects or listens.
/// </summary>
internal static class RunCommand
{
    /// <summary>Where the service listens when nothing says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>Runs the service until <paramref name="cancellationToken"/> is cancelled; 3 for an invalid configuration.</summary>
    /// <param name="arguments">The host's command-line configuration.</param>
    /// <param name="stdout">Standard output.</param>
    /// <param name="stderr">Where the one line about an invalid configuration goes.</param>
    /// <param name="cancellationToken">Stops the service.</param>
    /// <param name="configure">Tests: more registrations before the configuration is checked.</param>
    public static async Task<int> RunAsync(RunArguments arguments, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(stderr);
        if (TryBuild([.. arguments.HostArguments], configure, out var problems) is not { } app)
        {
            await stderr.WriteLineAsync(InvalidConfiguration(problems)).ConfigureAwait(false);
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
            catch (IOException exception) when (exception.InnerException is AddressInUseException)
            {
                // Taken between the check and Kestrel's bind.
                await stderr.WriteLineAsync(InvalidConfiguration([$"urls: {exception.Message}"])).ConfigureAwait(false);
                return 3;
            }
        }
    }

    /// <summary>Builds the web application of the service (also used by tests and the demo); throws when the configuration is invalid.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null) =>
        TryBuild(args, configure, out var problems) ?? throw new InvalidOperationException(InvalidConfiguration(problems));

    /// <summary>
    /// Builds the service, or returns null and every configuration problem (each naming its key). In this order, so
    /// that nothing connects or listens before the whole configuration is known good: the keys and values under
    /// <c>CallMetrics:</c> (<see cref="ConfigurationShape"/>), then the registrations (some read their section at once),
    /// then every options validator (<see cref="StartupValidation"/>) and the listen addresses.
    /// </summary>
    internal static WebApplication? TryBuild(string[] args, Action<WebApplicationBuilder>? configure, out IReadOnlyList<string> problems)
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
        problems = ConfigurationShape.Check(builder.Configuration, ServiceSections.All);
        if (problems.Count > 0)
        {
            return null;
        }

        builder.Services.AddCallMetricsService(builder.Configuration);
        builder.Services.AddLiveView(builder.Configuration);
        builder.Services.AddMetricsEndpoint(builder.Configuration);
        builder.Services.AddAlerts(builder.Configuration);
        var app = builder.Build();
        problems = [.. StartupValidation.Problems(app.Services), .. ListenAddresses.Problems(app.Configuration["urls"] ?? DefaultUrl)];
        if (problems.Count > 0)
        {
            ((IDisposable)app).Dispose();
            return null;
        }

        app.UseReadOnlyEdge(app.Services.GetRequiredService<IOptions<HttpSecurityOptions>>().Value.ResolveToken());
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapHealthEndpoints();
        app.MapLiveEndpoints();
        app.MapAlertEndpoints();
        app.MapMetricsEndpoint();
        return app;
    }

    private static string InvalidConfiguration(IEnumerable<string> problems) =>
        $"callmetrics run: invalid configuration: {string.Join("; ", problems)}";
}
