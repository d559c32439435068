using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallMetrics.Influx;

/// <summary>Registration of the InfluxDB sink.</summary>
public static class InfluxServiceCollectionExtensions
{
    /// <summary>Name of the <see cref="HttpClient"/> the writer uses.</summary>
    public const string HttpClientName = "CallMetrics.Influx";

    /// <summary>Name of the health check, tagged <c>ready</c>.</summary>
    public const string HealthCheckName = "influx";

    /// <summary>
    /// Registers <see cref="InfluxOptions"/> (bound from <c>CallMetrics:Influx</c>, validated at start-up), the
    /// <see cref="LineProtocolHttpWriter"/>, the <see cref="InfluxSink"/> (disposed, hence flushed, with the container) and
    /// the <see cref="InfluxSinkHealthCheck"/>. Uses a registered <see cref="TimeProvider"/>, or the system clock.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The root configuration.</param>
    /// <param name="deadLetter">Builds the destination of the lines the server refuses as invalid.</param>
    public static IServiceCollection AddInfluxSink(this IServiceCollection services, IConfiguration configuration, Func<IServiceProvider, Action<RejectedLine>> deadLetter)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(deadLetter);

        services.AddOptions<InfluxOptions>().Bind(configuration.GetSection(InfluxDefaults.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InfluxOptions>, InfluxOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // One long-lived client; the per-attempt timeout is the writer's, and connections are recycled to follow DNS.
        services.AddHttpClient(HttpClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();
        services.TryAddSingleton(provider => new LineProtocolHttpWriter(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            provider.GetRequiredService<IOptions<InfluxOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<LineProtocolHttpWriter>>()));
        services.TryAddSingleton(provider => new InfluxSink(
            provider.GetRequiredService<IOptions<InfluxOptions>>().Value,
            provider.GetRequiredService<LineProtocolHttpWriter>(),
            deadLetter(provider),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<InfluxSink>>()));
        services.AddHealthChecks().AddCheck<InfluxSinkHealthCheck>(HealthCheckName, tags: ["ready"]);
        return services;
    }
}
