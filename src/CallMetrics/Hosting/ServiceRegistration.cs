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
        var kafka = KafkaOptions.FromConfiguration(configuration);
        services.AddSingleton(kafka);
        services.AddOptions<PipelineOptions>().Bind(configuration.GetSection(PipelineDefaults.SectionName))
            .Validate(o => o.Validate().Count == 0, "invalid pipeline options").ValidateOnStart();
        services.AddSingleton<IValidateOptions<PipelineOptions>>(new ListValidator<PipelineOptions>(o => o.Validate()));
        services.AddOptions<MetricsSettings>().Bind(configuration.GetSection(PipelineDefaults.MetricsSectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsSettings>>(new ListValidator<MetricsSettings>(o => o.Validate()));
        services.AddSingleton(provider => new KafkaDeadLetterPublisher(kafka, provider.GetRequiredService<ILogger<KafkaDeadLetterPublisher>>()));
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

    /// <summary>Turns an options type's own Validate() messages (each naming its setting) into start-up failures.</summary>
    private sealed class ListValidator<T>(Func<T, IReadOnlyList<string>> validate) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var errors = validate(options);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
