using System.Globalization;

namespace CallMetrics.Core.Options;

/// <summary>
/// The one duration syntax of the project, on the command line and in configuration alike:
/// <c>90s</c>, <c>15m</c>, <c>1h</c>, <c>1.5h</c>, <c>2d</c>, <c>250ms</c>, compounds such as <c>1h30m</c>, a bare
/// <c>0</c>, or a .NET <see cref="TimeSpan"/> (<c>00:15:00</c>, <c>1.00:00:00</c>). Any other number needs a unit:
/// <c>30</c> could mean seconds (queues.conf) or days (<see cref="TimeSpan.Parse(string)"/>), so it is refused.
/// </summary>
public static class DurationText
{
    /// <summary>Parses <paramref name="text"/>; false when it is not a duration of zero or more.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (text == "0")
        {
            return true;
        }

        if (text.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
        }

        var total = 0L;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i < text.Length && text[i] == '.')
            {
                // A fraction: 1.5h
                i++;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }
            }

            if (i == start || i - start > 16 || text[i - 1] == '.')
            {
                return false;
            }

            var number = decimal.Parse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            long? ticksPerUnit = text[unitStart..i] switch
            {
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                "d" => TimeSpan.TicksPerDay,
                _ => null,
            };
            if (ticksPerUnit is null)
            {
                return false;
            }

            var ticks = number * ticksPerUnit.Value;
            if (ticks > long.MaxValue - total)
            {
                return false;
            }

            total += (long)decimal.Round(ticks);
        }

        value = TimeSpan.FromTicks(total);
        return true;
    }

    /// <summary>Prints a duration in the largest units that add up to it exactly (<c>15m</c>, <c>1h30m</c>, <c>250ms</c>).</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var ticks = value.Ticks;
        var parts = new System.Text.StringBuilder();
        foreach (var (unit, name) in new[] { (TimeSpan.TicksPerDay, "d"), (TimeSpan.TicksPerHour, "h"), (TimeSpan.TicksPerMinute, "m"), (TimeSpan.TicksPerSecond, "s"), (TimeSpan.TicksPerMillisecond, "ms") })
        {
            if (ticks >= unit)
            {
                parts.Append((ticks / unit).ToString(CultureInfo.InvariantCulture)).Append(name);
                ticks %= unit;
            }
        }

        return ticks == 0 ? parts.ToString() : value.ToString("c", CultureInfo.InvariantCulture);
    }
}
