using CallMetrics.Configuration;
using CallMetrics.Hosting;
using CallMetrics.Pipeline;
using CallMetrics.Streaming.Stages;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CallMetrics.Live;

/// <summary>Registers the live view (as the pipeline's shard observer), its history, and the live and wallboard options.</summary>
internal static class LiveServiceCollectionExtensions
{
    public static IServiceCollection AddLiveView(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<LiveOptions, LiveOptionsValidator>(configuration, LiveDefaults.SectionName);
        services.AddValidatedOptions<WallboardOptions, WallboardOptionsValidator>(configuration, LiveDefaults.WallboardSectionName);
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

        // Until the core's live projection registers its own (before this call, or by replacing this one).
        services.TryAddSingleton<ILiveKpis, NoLiveKpis>();
        return services;
    }
}
