using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CallMetrics.Simulation;

/// <summary>Parses command-line durations: a non-negative number and a unit, <c>90s</c>, <c>15m</c>, <c>8h</c>, <c>2d</c>, <c>1.5h</c>, <c>250ms</c>.</summary>
internal static class DurationText
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        var (unitLength, unit) = span.EndsWith("ms", StringComparison.Ordinal) ? (2, TimeSpan.FromMilliseconds(1))
            : span.EndsWith('s') ? (1, TimeSpan.FromSeconds(1))
            : span.EndsWith('m') ? (1, TimeSpan.FromMinutes(1))
            : span.EndsWith('h') ? (1, TimeSpan.FromHours(1))
            : span.EndsWith('d') ? (1, TimeSpan.FromDays(1))
            : (0, TimeSpan.Zero);
        if (unitLength == 0
            || !double.TryParse(span[..^unitLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            || amount * unit.TotalDays > 36_600)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)Math.Round(amount * unit.Ticks));
        return true;
    }

    /// <summary>Formats a duration the way it is parsed, e.g. for messages.</summary>
    [SuppressMessage("Style", "IDE0046", Justification = "A chain of conditionals would read worse.")]
    public static string Format(TimeSpan duration)
    {
        if (duration.Ticks % TimeSpan.TicksPerDay == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{duration.Ticks / TimeSpan.TicksPerDay}d");
        }

        if (duration.Ticks % TimeSpan.TicksPerHour == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{duration.Ticks / TimeSpan.TicksPerHour}h");
        }

        return duration.Ticks % TimeSpan.TicksPerMinute == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{duration.Ticks / TimeSpan.TicksPerMinute}m")
            : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds}s");
    }
}
