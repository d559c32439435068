using CallMetrics.Inputs;
using CallMetrics.Pipeline;

namespace CallMetrics.Streaming.Wiring;

/// <summary>The vendor formats of the service's input topics (<c>Pipeline:InputFormats</c>).</summary>
internal static class InputFormats
{
    /// <summary>A new translator for records of <paramref name="topic"/>; null when it carries canonical events.</summary>
    public static IEventTranslator? TranslatorFor(PipelineOptions options, string topic) =>
        options.InputFormats.TryGetValue(topic, out var format) && EventTranslators.TryCreate(format, options.Translator, out var translator, out _)
            ? translator
            : null;

    /// <summary>
    /// Fields no input can provide: those every input topic's format lacks (none when any topic carries canonical
    /// events). They are left out rather than written as a wrong zero.
    /// </summary>
    public static HashSet<string>? OmittedFields(PipelineOptions options, IReadOnlyCollection<string>? topics)
    {
        if (topics is null || topics.Count == 0 || !topics.All(options.InputFormats.ContainsKey))
        {
            return null;
        }

        HashSet<string>? omitted = null;
        foreach (var topic in topics)
        {
            if (TranslatorFor(options, topic) is not { } translator)
            {
                return null;
            }

            omitted = omitted is null ? [.. translator.UnavailableFields] : [.. omitted.Intersect(translator.UnavailableFields)];
        }

        return omitted;
    }
}
