using System.Text.Json.Serialization;

namespace CallMetrics.Benchmarks.Peers;

/// <summary>Source-generated System.Text.Json metadata for <see cref="PeerEvent"/>: the fastest reader the framework offers for a class.</summary>
[JsonSerializable(typeof(PeerEvent))]
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
internal sealed partial class PeerJson : JsonSerializerContext;
