using System.Text.RegularExpressions;
using CallMetrics.Tests.Deployment;

namespace CallMetrics.Tests.Configuration;

/// <summary>
/// The keys docs/CONFIGURATION.md documents: for each <c>## `CallMetrics:Section`</c> heading, the backticked names in
/// the first column of its table (<c>`MaxBatchSize` / `MaxBatchDelay`</c> is two keys).
/// </summary>
public static partial class DocumentedKeys
{
    /// <summary>Section path (<c>CallMetrics:Kafka</c>) to its documented keys, in the doc's order.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Read()
    {
        var sections = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        string? section = null;
        List<string>? keys = null;
        foreach (var line in File.ReadLines(Path.Combine(RepositoryFiles.Root, "docs", "CONFIGURATION.md")))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                var heading = Heading().Match(line);
                section = heading.Success ? heading.Groups[1].Value : null;
                keys = section is null ? null : [];
                if (section is not null)
                {
                    sections[section] = keys!;
                }
            }
            else if (keys is not null && line.StartsWith("| `", StringComparison.Ordinal))
            {
                var firstCell = line.Split('|')[1];
                keys.AddRange(Name().Matches(firstCell).Select(m => m.Groups[1].Value));
            }
        }

        return sections;
    }

    [GeneratedRegex(@"^## `(CallMetrics:[A-Za-z]+)`")]
    private static partial Regex Heading();

    [GeneratedRegex(@"`([A-Za-z][A-Za-z0-9]*)`")]
    private static partial Regex Name();
}
