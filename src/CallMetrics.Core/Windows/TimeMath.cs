namespace CallMetrics.Core.Windows;

/// <summary>Integer time arithmetic on Unix nanoseconds that is correct before 1970 too.</summary>
public static class TimeMath
{
    /// <summary>Nanoseconds per second.</summary>
    public const long NanosPerSecond = 1_000_000_000L;

    /// <summary>The largest multiple of <paramref name="unit"/> that is not after <paramref name="t"/>.</summary>
    public static long Floor(long t, long unit)
    {
        var remainder = t % unit;
        return remainder < 0 ? t - remainder - unit : t - remainder;
    }

    /// <summary><paramref name="t"/> divided by <paramref name="unit"/>, rounded down.</summary>
    public static long FloorDiv(long t, long unit) => Floor(t, unit) / unit;

    /// <summary>Greatest common divisor.</summary>
    public static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }

    /// <summary><paramref name="t"/> less <paramref name="span"/> (zero or more), or <see cref="long.MinValue"/> when that is before it.</summary>
    public static long SaturatingSubtract(long t, long span) => t < long.MinValue + span ? long.MinValue : t - span;

    /// <summary><paramref name="t"/> plus <paramref name="span"/> (zero or more), or <see cref="long.MaxValue"/> when that is after it.</summary>
    public static long SaturatingAdd(long t, long span) => t > long.MaxValue - span ? long.MaxValue : t + span;

    /// <summary>Nanoseconds in a <see cref="TimeSpan"/>.</summary>
    public static long Nanos(TimeSpan span) => checked(span.Ticks * 100);

    /// <summary>Seconds as a double, exact for whole seconds and any value below 2^53 ns.</summary>
    public static double Seconds(long nanos) => nanos / (double)NanosPerSecond;
}
