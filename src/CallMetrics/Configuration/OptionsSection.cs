namespace CallMetrics.Configuration;

/// <summary>
/// One configuration section the service owns (<c>CallMetrics:Kafka</c>, ...) and the options class it binds to: every
/// key under it must name a property of that class (<see cref="ConfigurationShape"/>).
/// </summary>
/// <param name="Path">The section's full path, e.g. <c>CallMetrics:Kafka</c>.</param>
/// <param name="OptionsType">The class the section binds to.</param>
internal sealed record OptionsSection(string Path, Type OptionsType)
{
    /// <summary>The last segment of <see cref="Path"/>, e.g. <c>Kafka</c>.</summary>
    public string Name => Path[(Path.LastIndexOf(':') + 1)..];
}
