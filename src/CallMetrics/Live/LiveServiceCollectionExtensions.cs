using CallMetrics.Configuration;
using CallMetrics.Hosting;
using CallMetrics.Pipeline;
using CallMetrics.Streaming.Stages;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CallMetrics.Live;

/// <summary>Registers the live view (as the pipeline's shard observer), its history, its stream of pictures, and the live and wallboard options.</summary>
internal static class LiveServiceCollectionExtensions
{
    public static IServiceCollection AddLiveView(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<LiveOptions, LiveOptionsValidator>(configuration, LiveDefaults.SectionName);
        services.AddValidatedOptions<WallboardOptions, WallboardOptionsValidator>(configuration, LiveDefaults.WallboardSectionName);
        services.AddSingleton(provider => new LiveHistory(provider.GetRequiredService<IOptions<WallboardOptions>>().Value.HistorySpan));
        services.AddSingleton<LivePictures>();
        services.AddSingleton(provider =>
        {
            var state = provider.GetRequiredService<PipelineState>();
            return new LiveView(
                provider.GetRequiredService<IOptions<MetricsSettings>>().Value.ToOptions(),
                provider.GetRequiredService<IOptions<LiveOptions>>().Value,
                provider.GetRequiredService<TimeProvider>(),
                () => state.Symbols,
                provider.GetRequiredService<IOptions<PipelineOptions>>().Value.Shards,
                provider.GetRequiredService<LiveHistory>(),
                provider.GetRequiredService<LivePictures>());
        });
        services.AddSingleton<IShardObserver>(provider => provider.GetRequiredService<LiveView>());

        // The figures each live shard computes with its picture (a test may register its own before this call).
        services.TryAddSingleton<ILiveKpis>(provider => new PictureKpis(provider.GetRequiredService<LiveView>()));
        return services;
    }
}
