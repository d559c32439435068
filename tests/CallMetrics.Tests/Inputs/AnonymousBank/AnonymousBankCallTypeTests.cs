using System.Globalization;
using CallMetrics.Commands;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Tests.Inputs.AnonymousBank;

public class AnonymousBankCallTypeTests
{
    private static readonly string Csv = Path.Combine(AppContext.BaseDirectory, "samples", "anonymous-bank-one-day.csv");
    private static readonly string Jsonl = Path.Combine(AppContext.BaseDirectory, "samples", "anonymous-bank-one-day.jsonl");

    [Fact]
    public async Task The_days_handled_calls_per_call_type_are_the_csv_rows_of_that_type_served_by_an_agent_and_not_rejected()
    {
        // Straight from the CSV: each row that names a server is one answered, handled leg of a call of its `type`,
        // unless the import rejects the row (it says which, by line).
        using var importErrors = new StringWriter();
        (await CommandLine.RunAsync(["import-anonymous-bank", "--input", Csv, "--date", "2026-11-22", "--output", "-"], TextWriter.Null, importErrors, CancellationToken.None))
            .Should().Be(0);
        var rejectedLines = importErrors.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.Contains(": rejected:", StringComparison.Ordinal))
            .Select(l => l[..l.IndexOf(": rejected:", StringComparison.Ordinal)])
            .Select(l => int.Parse(l[(l.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture))
            .ToHashSet();
        var rows = File.ReadAllLines(Csv);
        var header = rows[0].Split(',');
        var (type, server) = (Array.IndexOf(header, "type"), Array.IndexOf(header, "server"));
        var expected = rows.Skip(1)
            .Select((row, i) => (Line: i + 2, Fields: row.Split(',')))
            .Where(r => r.Fields[server] != "NO_SERVER" && !rejectedLines.Contains(r.Line))
            .GroupBy(r => r.Fields[type])
            .ToDictionary(g => g.Key, g => g.Count());

        using var output = new StringWriter();
        (await CommandLine.RunAsync(["replay", "--input", Jsonl, "--quiet"], output, TextWriter.Null, CancellationToken.None)).Should().Be(0);
        var handled = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith("call_type_metrics,", StringComparison.Ordinal))
            .Select(MetricLine.Parse)
            .GroupBy(l => l.Tag("call_type"))
            .ToDictionary(g => g.Key!, g => g.Sum(l => (int)l.Number("handled")));

        rejectedLines.Should().NotBeEmpty();
        handled.Should().Equal(expected);
        handled.Values.Sum().Should().Be(1_499);
    }
}
