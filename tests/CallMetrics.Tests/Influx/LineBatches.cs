using System.Globalization;
using System.Text;
using CallMetrics.Influx;

namespace CallMetrics.Tests.Influx;

/// <summary>Builders of line-protocol test data.</summary>
public static class LineBatches
{
    /// <summary>A timestamp near now, on a whole millisecond (VictoriaMetrics keeps milliseconds), in Unix nanoseconds.</summary>
    public static long RecentTimestampNs()
    {
        long ms = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - 60_000;
        return ms * 1_000_000;
    }

    /// <summary>
    /// <paramref name="count"/> points of <paramref name="measurement"/>, one series per <c>agent</c> tag value (a tag with
    /// a space, escaped), fields <c>calls</c> (integer), <c>aht</c> (float) and <c>queue</c> (string with a quote),
    /// timestamps <paramref name="stepNs"/> apart.
    /// </summary>
    public static IReadOnlyList<string> Points(string measurement, int count, long firstNs, long stepNs = 1_000_000)
    {
        var lines = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            lines.Add(Point(measurement, i, firstNs + (i * stepNs)));
        }

        return lines;
    }

    /// <summary>The line <see cref="Points"/> makes for index <paramref name="i"/>.</summary>
    public static string Point(string measurement, int i, long timestampNs) => string.Create(
        CultureInfo.InvariantCulture,
        $"{measurement},agent=agent\\ {i % 7},site=lyon calls={i}i,aht={AhtOf(i):R},queue=\"q\\\"{i % 3}\" {timestampNs}");

    /// <summary>The float field value of point <paramref name="i"/>: not exactly representable in decimal, to prove exact round trips.</summary>
    public static double AhtOf(int i) => (i * 0.1) + (1.0 / 3.0);

    /// <summary>A batch of complete lines (each ends in a newline).</summary>
    public static SinkBatch Batch(IEnumerable<string> lines, Action? onDurable = null)
    {
        var text = new StringBuilder();
        int count = 0;
        foreach (string line in lines)
        {
            text.Append(line).Append('\n');
            count++;
        }

        return new SinkBatch(Encoding.UTF8.GetBytes(text.ToString()), count, onDurable);
    }

    /// <summary>Splits <paramref name="lines"/> into chunks of <paramref name="size"/>.</summary>
    public static IEnumerable<IReadOnlyList<string>> Chunks(IReadOnlyList<string> lines, int size)
    {
        for (int i = 0; i < lines.Count; i += size)
        {
            yield return lines.Skip(i).Take(size).ToList();
        }
    }
}
