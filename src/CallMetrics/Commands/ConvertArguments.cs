using CallMetrics.Inputs;

namespace CallMetrics.Commands;

/// <summary>What <c>callmetrics convert</c> runs with, parsed and validated (<see cref="ConvertDefinition"/>).</summary>
internal sealed class ConvertArguments
{
    /// <summary>The telephony log: a file, or <c>-</c> for standard input.</summary>
    public required string Input { get; init; }

    /// <summary>Where canonical events go: a file, or null (or <c>-</c>) for standard output.</summary>
    public string? Output { get; init; }

    /// <summary>Where untranslatable records go; null for standard error.</summary>
    public string? DeadLetter { get; init; }

    /// <summary>The translator of <c>--format</c>, with its options.</summary>
    public required IEventTranslator Translator { get; init; }
}
