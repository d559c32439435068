namespace CallMetrics.Core.Tests.Support;

/// <summary>
/// What of a replay's output a scenario's expected file speaks about. The first scenarios were written before
/// METRICS.md "Outcomes, repeat contacts, distributions, call types": their expected lines carry none of that
/// section's fields, and are compared with the output without them (its measurements and its fields left out).
/// Every later scenario is compared with the whole output.
/// </summary>
public static class ScenarioOutput
{
    private static readonly HashSet<string> SectionMeasurements = ["call_type_metrics", "fcr_metrics"];

    private static readonly HashSet<string> SectionFields =
    [
        "handle_p50_s", "handle_p90_s", "wait_p50_s", "wait_p90_s", "dispositioned", "resolved", "escalated", "sales",
        "complaints", "resolution_rate", "escalation_rate", "sales_conversion", "complaint_rate", "repeat_calls",
    ];

    /// <summary>Asserts that <paramref name="actual"/> has exactly the lines of the scenario's <paramref name="expected"/> file.</summary>
    public static void Matches(string actual, string expected)
    {
        var predatesSection = !expected.Contains("handle_p50_s", StringComparison.Ordinal);
        LineProtocolAssert.Equivalent(predatesSection ? WithoutSection(actual) : actual, expected);
    }

    /// <summary>The lines of <paramref name="output"/> without the section's measurements and fields.</summary>
    public static string WithoutSection(string output)
    {
        var lines = new List<string>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parsed = MetricLine.Parse(line);
            if (SectionMeasurements.Contains(parsed.Measurement))
            {
                continue;
            }

            var keyEnd = line.IndexOf(' ', StringComparison.Ordinal);
            var fieldsEnd = line.LastIndexOf(' ');
            var fields = line[(keyEnd + 1)..fieldsEnd].Split(',').Where(f => !SectionFields.Contains(f[..f.IndexOf('=', StringComparison.Ordinal)]));
            lines.Add($"{line[..keyEnd]} {string.Join(',', fields)}{line[fieldsEnd..]}");
        }

        return string.Join('\n', lines);
    }
}
