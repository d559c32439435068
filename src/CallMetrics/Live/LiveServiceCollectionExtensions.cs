using CallMetrics.Hosting;
using CallMetrics.Pipeline;
using CallMetrics.Streaming.Stages;
using Microsoft.Extensions.Options;

namespace CallMetrics.Live;

/// <summary>Registers the live view (as the pipeline's shard observer), its history, and the live and wallboard options.</summary>
internal static class LiveServiceCollectionExtensions
{
    public static IServiceCollection AddLiveView(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LiveOptions>().Bind(configuration.GetSection(LiveDefaults.SectionName))
            .Validate(o => o.Validate().Count == 0, "invalid live options (CallMetrics:Live)").ValidateOnStart();
        services.AddOptions<WallboardOptions>().Bind(configuration.GetSection(LiveDefaults.WallboardSectionName))
            .Validate(o => o.Validate().Count == 0, "invalid wallboard options (CallMetrics:Wallboard)").ValidateOnStart();
        services.AddSingleton(provider => new LiveHistory(provider.GetRequiredService<IOptions<WallboardOptions>>().Value.HistorySpan));
        services.AddSingleton(provider =>
        {
            var state = provider.GetRequiredService<PipelineState>();
            return new LiveView(
                provider.GetRequiredService<IOptions<MetricsSettings>>().Value.ToOptions(),
                provider.GetRequiredService<IOptions<LiveOptions>>().Value,
                provider.GetRequiredService<TimeProvider>(),
                () => state.Symbols,
                provider.GetRequiredService<IOptions<PipelineOptions>>().Value.Shards,
                provider.GetRequiredService<LiveHistory>());
        });
        services.AddSingleton<IShardObserver>(provider => provider.GetRequiredService<LiveView>());
        return services;
    }
}
