using System.Globalization;
using System.Text;
using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Output;

/// <summary>
/// Appends the fields of one line to the line being built, each after a ',': integers with the <c>i</c> suffix,
/// floats in their shortest round-trip form, ratios omitted when their denominator is zero, and fields the input
/// cannot provide never written. One per formatter (it keeps a sort buffer for percentiles), so one thread.
/// </summary>
internal sealed class FieldWriter(StringBuilder builder, IReadOnlySet<string> omit)
{
    // The values of a percentile field sorted here, reused line after line.
    private long[] _sorted = new long[256];

    public void Int(string name, long value)
    {
        if (omit.Contains(name))
        {
            return;
        }

        builder.Append(',').Append(name).Append('=').Append(CultureInfo.InvariantCulture, $"{value}i");
    }

    public void Float(string name, double value)
    {
        if (omit.Contains(name))
        {
            return;
        }

        builder.Append(',').Append(name).Append('=');
        LineProtocolText.AppendFloat(builder, value);
    }

    public void Ratio(string name, double numerator, double denominator)
    {
        // METRICS: ratio fields with a zero denominator are omitted, never written as 0 or NaN.
        if (denominator == 0)
        {
            return;
        }

        Float(name, numerator / denominator);
    }

    /// <summary>The 50th and 90th percentiles of <paramref name="values"/> in seconds, under the names given; none without values.</summary>
    public void Percentiles(Samples? values, string p50Name, string p90Name)
    {
        // METRICS: nearest rank over the pooled values; omitted when there are none. One sort serves both.
        if (Samples.TryMedianAndP90(values, ref _sorted, out var p50, out var p90))
        {
            Float(p50Name, TimeMath.Seconds(p50));
            Float(p90Name, TimeMath.Seconds(p90));
        }
    }
}
