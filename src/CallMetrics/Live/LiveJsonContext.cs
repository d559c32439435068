using System.Text.Json.Serialization;

namespace CallMetrics.Live;

/// <summary>Source-generated JSON for the live API and its history (no reflection; camelCase; nulls written, so keys are stable).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LiveResponse))]
[JsonSerializable(typeof(LiveHistoryResponse))]
[JsonSerializable(typeof(WallboardConfig))]
internal sealed partial class LiveJsonContext : JsonSerializerContext;
