using System.Globalization;

namespace CallMetrics.Core.Tests.Support;

/// <summary>Compares line protocol outputs line by line: same series, same fields, same timestamps, floats to 1e-6.</summary>
public static class LineProtocolAssert
{
    private static string[] InTimeAndKeyOrder(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .OrderBy(line => long.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture))
            .ThenBy(line => line[..line.IndexOf(' ')], StringComparer.Ordinal)];

    public static void Equivalent(string actual, string expected, double tolerance = 1e-6)
    {
        // Compared in (timestamp, series key) order, the order of the expected files: a replay writes the lines of
        // each batch of windows in that order, but its fcr_metrics lines come together at the end of input.
        var actualLines = InTimeAndKeyOrder(actual);
        var expectedLines = InTimeAndKeyOrder(expected);
        actualLines.Length.Should().Be(expectedLines.Length, "the output should have exactly the expected lines:\n{0}", actual);
        for (var i = 0; i < expectedLines.Length; i++)
        {
            var a = MetricLine.Parse(actualLines[i]);
            var e = MetricLine.Parse(expectedLines[i]);
            a.Measurement.Should().Be(e.Measurement, "line {0}", i + 1);
            a.Tags.Should().Equal(e.Tags, "line {0} ({1})", i + 1, expectedLines[i]);
            a.Timestamp.Should().Be(e.Timestamp, "line {0}", i + 1);
            a.Fields.Keys.Should().Equal(e.Fields.Keys, "line {0} should have the same fields in the same order ({1})", i + 1, expectedLines[i]);
            foreach (var (name, value) in e.Fields)
            {
                var actualValue = a.Fields[name];
                if (value.EndsWith('i'))
                {
                    actualValue.Should().Be(value, "field {0} of line {1}", name, i + 1);
                }
                else
                {
                    double.Parse(actualValue, CultureInfo.InvariantCulture).Should().BeApproximately(
                        double.Parse(value, CultureInfo.InvariantCulture), tolerance, "field {0} of line {1}", name, i + 1);
                }
            }
        }
    }
}
