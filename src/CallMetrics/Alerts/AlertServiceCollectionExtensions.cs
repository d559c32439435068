using CallMetrics.Configuration;
using CallMetrics.Kafka;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CallMetrics.Alerts;

/// <summary>Registers alert delivery: <see cref="IAlertChanges"/> and its consumers, and <see cref="AlertOptions"/>.</summary>
internal static class AlertServiceCollectionExtensions
{
    /// <summary>Name of the <see cref="HttpClient"/> the webhooks use.</summary>
    public const string HttpClientName = "CallMetrics.Alerts";

    /// <summary>
    /// <see cref="IAlertChanges"/> (an <see cref="AlertDispatcher"/>) with its consumers: the firing list, the counts,
    /// the webhooks (a hosted service) and, when <see cref="AlertOptions.Topic"/> is set, the Kafka topic (with the
    /// registered <see cref="KafkaOptions"/>); the rules (<see cref="AlertRuleSet"/>) and their wiring into the
    /// graph's engines (<see cref="Streaming.Wiring.ServiceAlerts"/>).
    /// </summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(AlertDefaults.SectionName);
        services.AddValidatedOptions<AlertOptions, AlertOptionsValidator>(configuration, AlertDefaults.SectionName);
        services.TryAddSingleton(TimeProvider.System);

        // Timeouts are the pipeline's, per attempt.
        services.AddHttpClient(HttpClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();

        services.AddSingleton<FiringAlerts>();
        services.AddSingleton<AlertTally>();
        services.AddSingleton(provider => new AlertWebhooks(
            provider.GetRequiredService<IOptions<AlertOptions>>().Value,
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<AlertWebhooks>>()));
        services.AddHostedService(provider => provider.GetRequiredService<AlertWebhooks>());
        services.AddSingleton<IAlertSink>(provider => provider.GetRequiredService<FiringAlerts>());
        services.AddSingleton<IAlertSink>(provider => provider.GetRequiredService<AlertTally>());
        services.AddSingleton<IAlertSink>(provider => provider.GetRequiredService<AlertWebhooks>());
        if (!string.IsNullOrWhiteSpace(section[nameof(AlertOptions.Topic)]))
        {
            services.AddSingleton(provider =>
            {
                var options = provider.GetRequiredService<IOptions<AlertOptions>>().Value;
                var kafka = provider.GetRequiredService<KafkaOptions>();
                return new AlertTopicSink(new KafkaEventProducer(kafka, provider.GetRequiredService<ILogger<AlertTopicSink>>()), options.Topic!);
            });
            services.AddSingleton<IAlertSink>(provider => provider.GetRequiredService<AlertTopicSink>());
        }

        services.AddSingleton(provider => AlertRuleSet.From(provider.GetRequiredService<IOptions<AlertOptions>>().Value));
        services.AddSingleton(provider => new Streaming.Wiring.ServiceAlerts(
            provider.GetRequiredService<AlertRuleSet>().Rules,
            provider.GetRequiredService<IAlertChanges>(),
            provider.GetRequiredService<FiringAlerts>()));
        services.AddSingleton<AlertDispatcher>();
        services.AddSingleton<IAlertChanges>(provider => provider.GetRequiredService<AlertDispatcher>());
        return services;
    }
}
