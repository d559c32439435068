using CallMetrics.Configuration;
using CallMetrics.Http;
using CallMetrics.Influx;
using CallMetrics.Kafka;
using CallMetrics.Pipeline;
using Microsoft.Extensions.Options;

namespace CallMetrics.Hosting;

/// <summary>Registers the live service: options (validated at start), Kafka, InfluxDB, the pipeline, health checks.</summary>
internal static class ServiceRegistration
{
    public static IServiceCollection AddCallMetricsService(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingletonTimeProvider();
        // Bound as the others, then the topics as KafkaOptions.FromConfiguration reads them: the binder would append a
        // configured list to the default topic instead of replacing it.
        services.AddValidatedOptions<KafkaOptions, KafkaOptionsValidator>(configuration, KafkaDefaults.SectionName)
            .Configure(o => o.Topics = KafkaOptions.FromConfiguration(configuration).Topics);
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<KafkaOptions>>().Value);
        services.AddValidatedOptions<PipelineOptions, PipelineOptionsValidator>(configuration, PipelineDefaults.SectionName);
        services.AddValidatedOptions<MetricsSettings, MetricsSettingsValidator>(configuration, PipelineDefaults.MetricsSectionName);
        services.AddValidatedOptions<TelemetryOptions, TelemetryOptionsValidator>(configuration, TelemetryOptions.SectionName);
        services.AddValidatedOptions<HttpSecurityOptions, HttpSecurityOptionsValidator>(configuration, HttpSecurityOptions.SectionName);
        services.AddSingleton(provider => new KafkaDeadLetterPublisher(provider.GetRequiredService<KafkaOptions>(), provider.GetRequiredService<ILogger<KafkaDeadLetterPublisher>>()));
        services.AddInfluxSink(configuration, provider =>
        {
            var publisher = provider.GetRequiredService<KafkaDeadLetterPublisher>();
            return rejected => _ = publisher.PublishAsync(new DeadLetter
            {
                Value = System.Text.Encoding.UTF8.GetBytes(rejected.Line),
                Reason = "sink_rejected: " + rejected.Reason,
            });
        });
        services.AddSingleton<PipelineState>();
        services.AddHostedService<GraphHostedService>();
        // One instance: it remembers when the graph last made progress.
        services.AddSingleton<PipelineHealthCheck>();
        services.AddHealthChecks().AddCheck<PipelineHealthCheck>(PipelineHealthCheck.Name, tags: ["ready"]);
        return services;
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
