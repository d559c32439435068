using System.Text;
using System.Text.Json;
using CallMetrics.Inputs;

namespace CallMetrics.Tests.Inputs;

/// <summary>Test support: runs a translator over lines or a TestData file and returns what it wrote.</summary>
internal static class Translation
{
    public static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "Inputs", "TestData", name);

    public static IEventTranslator Create(string format, Action<TranslatorOptions>? configure = null)
    {
        var options = new TranslatorOptions();
        configure?.Invoke(options);
        EventTranslators.TryCreate(format, options, out var translator, out var error).Should().BeTrue(error);
        return translator!;
    }

    /// <summary>Translates every non-blank line, then completes; returns the events as JSON strings and the rejected lines.</summary>
    public static Result Run(IEventTranslator translator, IEnumerable<string> lines)
    {
        var events = new List<byte[]>();
        var output = new List<string>();
        var rejected = new List<(long Line, string Reason)>();
        long number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (!translator.TryTranslate(Encoding.UTF8.GetBytes(line), number, events, out var reason))
            {
                rejected.Add((number, reason!));
            }

            output.AddRange(events.Select(e => Encoding.UTF8.GetString(e)));
            events.Clear();
        }

        translator.Complete(events);
        output.AddRange(events.Select(e => Encoding.UTF8.GetString(e)));
        return new Result(output, rejected);
    }

    public static Result RunFile(string format, string file, Action<TranslatorOptions>? configure = null) =>
        Run(Create(format, configure), File.ReadLines(TestData(file)));

    internal sealed record Result(List<string> Events, List<(long Line, string Reason)> Rejected)
    {
        /// <summary>Each event without its event_id and tenant, as "ts type call agent extra...", for readable expectations.</summary>
        public List<string> Brief() => Events.Select(BriefOf).ToList();

        public static string BriefOf(string json)
        {
            using var doc = JsonDocument.Parse(json);
            var parts = new List<string>();
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Name is "event_id" or "tenant")
                {
                    continue;
                }

                var value = property.Value.GetString();
                parts.Add(property.Name switch
                {
                    "ts" => value![11..19],
                    "type" or "call_id" or "agent_id" => value!,
                    _ => $"{property.Name}={value}",
                });
            }

            return string.Join(' ', parts);
        }
    }
}
