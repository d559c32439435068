using System.Globalization;

namespace CallMetrics.Tests.Inputs;

/// <summary>Test support: the InfluxDB line-protocol lines <c>replay</c> writes, parsed enough to look fields up.</summary>
internal sealed record LineProtocol(string Measurement, IReadOnlyDictionary<string, string> Tags, IReadOnlyDictionary<string, string> Fields, long Timestamp)
{
    // 2026-11-22T09:00:00Z and 09:15:00Z in nanoseconds, as in spec/scenarios/*.expected.lp.
    public const long At0900 = 1795338000000000000;
    public const long At0915 = 1795338900000000000;

    /// <summary>Parses the simple lines replay writes (no escaped spaces or commas in names).</summary>
    public static List<LineProtocol> Parse(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseLine).ToList();

    private static LineProtocol ParseLine(string line)
    {
        var parts = line.Split(' ');
        var key = parts[0].Split(',');
        var tags = key.Skip(1).Select(t => t.Split('=', 2)).ToDictionary(t => t[0], t => t[1], StringComparer.Ordinal);
        var fields = parts[1].Split(',').Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
        return new LineProtocol(key[0], tags, fields, long.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    /// <summary>Runs <c>callmetrics replay</c> with the given arguments and returns its lines; fails with stderr when it does not exit 0.</summary>
    public static async Task<List<LineProtocol>> ReplayAsync(params string[] args)
    {
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        var exit = await CallMetrics.Commands.CommandLine.RunAsync(["replay", .. args], stdout, stderr, CancellationToken.None);
        exit.Should().Be(0, stderr.ToString());
        return Parse(stdout.ToString());
    }
}

/// <summary>Looks up the interval line of one key and checks hand-computed fields.</summary>
internal static class LineProtocolExtensions
{
    public static LineProtocol Interval(this IEnumerable<LineProtocol> lines, string measurement, long timestamp, params (string Tag, string Value)[] tags)
    {
        var matches = lines.Where(l => l.Measurement == measurement && l.Timestamp == timestamp
            && l.Tags.GetValueOrDefault("kind") == "interval" && l.Tags.GetValueOrDefault("window") == "15m"
            && tags.All(t => l.Tags.GetValueOrDefault(t.Tag) == t.Value)).ToList();
        matches.Should().ContainSingle($"one {measurement} line for {string.Join(",", tags.Select(t => $"{t.Tag}={t.Value}"))} at {timestamp}");
        return matches[0];
    }

    public static LineProtocol Agent(this IEnumerable<LineProtocol> lines, string agent, long timestamp = LineProtocol.At0900) =>
        lines.Interval("agent_metrics", timestamp, ("agent", agent));

    public static LineProtocol Queue(this IEnumerable<LineProtocol> lines, string queue, long timestamp = LineProtocol.At0900) =>
        lines.Interval("queue_metrics", timestamp, ("queue", queue));

    public static LineProtocol Tenant(this IEnumerable<LineProtocol> lines, long timestamp = LineProtocol.At0900) =>
        lines.Interval("tenant_metrics", timestamp);

    /// <summary>Each expected field: an int (<c>2i</c>) or a float compared to 1e-9; <see langword="null"/> means the field must be absent.</summary>
    public static LineProtocol Has(this LineProtocol line, params (string Field, object? Value)[] expected)
    {
        foreach (var (field, value) in expected)
        {
            if (value is null)
            {
                line.Fields.Should().NotContainKey(field, $"{field} of {line.Measurement} {string.Join(",", line.Tags)} must be left out");
                continue;
            }

            line.Fields.Should().ContainKey(field, $"{line.Measurement} {string.Join(",", line.Tags)}");
            var text = line.Fields[field];
            if (value is int count)
            {
                text.Should().Be($"{count}i", $"{field} of {line.Measurement} {string.Join(",", line.Tags)}");
            }
            else
            {
                double.Parse(text, CultureInfo.InvariantCulture).Should().BeApproximately(Convert.ToDouble(value, CultureInfo.InvariantCulture), 1e-9, $"{field} of {line.Measurement} {string.Join(",", line.Tags)}");
            }
        }

        return line;
    }
}
