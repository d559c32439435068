using System.Globalization;
using System.Text;

namespace CallMetrics.Core.Output;

/// <summary>
/// How values are spelled in InfluxDB line protocol: floats in their shortest round-trip form with a decimal point,
/// tag values with their separators escaped.
/// </summary>
public static class LineProtocolText
{
    /// <summary>Appends a float in its shortest round-trip form, always with a decimal point and never in exponent form.</summary>
    public static void AppendFloat(StringBuilder builder, double value)
    {
        ArgumentNullException.ThrowIfNull(builder);
        Span<char> buffer = stackalloc char[64];
        if (!value.TryFormat(buffer, out var written, "R", CultureInfo.InvariantCulture) || buffer[..written].Contains('E'))
        {
            AppendFloatViaStrings(builder, value); // exponent form (or an unexpected length): the original path
            return;
        }

        var text = buffer[..written];
        builder.Append(text);
        if (!text.Contains('.'))
        {
            builder.Append(".0");
        }
    }

    /// <summary>
    /// Writes a tag value so that InfluxDB 1.x stores exactly <paramref name="value"/>: a backslash before
    /// each comma, equals sign and space, every other character as it is. InfluxDB 1.x (checked against
    /// 1.6.7) treats ',', '=' and ' ' as escaped when the byte before is a backslash, and then removes one
    /// backslash before each of them; any other backslash is literal (<c>\\</c> is two backslashes, not
    /// one). So this encoding round-trips every value except one ending in a backslash, which would
    /// escape the separator after it: the decoder rejects such names (docs/DECISIONS.md
    /// "Names InfluxDB cannot carry"), and this method refuses them rather than corrupting the line.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or ends with a backslash.</exception>
    public static void AppendTagValue(StringBuilder builder, string value)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(value);
        if (!CanWriteTagValue(value))
        {
            throw new ArgumentException("An InfluxDB tag value cannot be empty or end with a backslash.", nameof(value));
        }

        foreach (var c in value)
        {
            if (c is ',' or '=' or ' ')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }
    }

    /// <summary>True when <paramref name="value"/> can be written as an InfluxDB 1.x tag value and read back unchanged.</summary>
    public static bool CanWriteTagValue(ReadOnlySpan<char> value) => value.Length > 0 && value[^1] != '\\';

    private static void AppendFloatViaStrings(StringBuilder builder, double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.Contains('E', StringComparison.Ordinal))
        {
            text = ((decimal)value).ToString(CultureInfo.InvariantCulture);
        }

        builder.Append(text);
        if (!text.Contains('.', StringComparison.Ordinal))
        {
            builder.Append(".0");
        }
    }
}
