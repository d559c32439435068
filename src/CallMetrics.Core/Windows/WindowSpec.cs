namespace CallMetrics.Core.Windows;

/// <summary>
/// One family of windows: fixed intervals (length = step) or rolling windows (length a multiple of
/// step). Every window is half-open, [end - length, end), and ends on a multiple of the step.
/// </summary>
public sealed record WindowSpec
{
    /// <summary>Creates a spec; <paramref name="length"/> must be a positive multiple of <paramref name="step"/>.</summary>
    public WindowSpec(WindowKind kind, TimeSpan length, TimeSpan step)
    {
        Kind = kind;
        LengthNs = TimeMath.Nanos(length);
        StepNs = TimeMath.Nanos(step);
        if (StepNs <= 0 || LengthNs <= 0 || LengthNs % StepNs != 0)
        {
            throw new ArgumentException($"window length {length} must be a positive multiple of step {step}", nameof(length));
        }

        Slots = checked((int)(LengthNs / StepNs));
        Tag = LengthTag(length);
    }

    /// <summary>Interval or rolling.</summary>
    public WindowKind Kind { get; }

    /// <summary>Window length in nanoseconds.</summary>
    public long LengthNs { get; }

    /// <summary>Distance between consecutive window ends, in nanoseconds.</summary>
    public long StepNs { get; }

    /// <summary>Number of steps in one window.</summary>
    public int Slots { get; }

    /// <summary>The <c>window</c> tag: the length in the largest unit that divides it (<c>15m</c>, <c>1h</c>).</summary>
    public string Tag { get; }

    /// <summary>The line timestamp of the window that ends at <paramref name="end"/>.</summary>
    public long LineTimestamp(long end) => Kind == WindowKind.Interval ? end - LengthNs : end;

    /// <summary>A fixed-interval spec.</summary>
    public static WindowSpec Intervals(TimeSpan length) => new(WindowKind.Interval, length, length);

    /// <summary>A rolling spec.</summary>
    public static WindowSpec RollingWindows(TimeSpan length, TimeSpan step) => new(WindowKind.Rolling, length, step);

    /// <summary>METRICS.md: the length in the largest of d, h, m, s that divides it (900 s is <c>15m</c>, 60 m is <c>1h</c>).</summary>
    public static string LengthTag(TimeSpan length)
    {
        var seconds = (long)length.TotalSeconds;
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        if (seconds % 86_400 == 0)
        {
            return (seconds / 86_400).ToString(culture) + "d";
        }

        if (seconds % 3600 == 0)
        {
            return (seconds / 3600).ToString(culture) + "h";
        }

        if (seconds % 60 == 0)
        {
            return (seconds / 60).ToString(culture) + "m";
        }

        return seconds.ToString(culture) + "s";
    }
}
