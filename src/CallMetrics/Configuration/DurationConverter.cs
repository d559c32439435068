using System.ComponentModel;
using System.Globalization;
using CallMetrics.Core.Options;

namespace CallMetrics.Configuration;

/// <summary>
/// Reads <see cref="TimeSpan"/> settings with <see cref="DurationText"/>, the syntax of the command line: <c>20s</c>,
/// <c>15m</c>, <c>2d</c>, <c>0</c>, and the .NET form <c>00:00:20</c> as before. The configuration binder converts
/// values through <see cref="TypeDescriptor"/>, so registering this converter for <see cref="TimeSpan"/> gives every
/// options class the one duration syntax. A bare number other than 0 is refused: <see cref="TimeSpan.Parse(string)"/>
/// would read <c>30</c> as thirty days.
/// </summary>
internal sealed class DurationConverter : TypeConverter
{
    private static int s_registered;

    /// <summary>Makes configuration binding read <see cref="TimeSpan"/> values with this converter (once per process).</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref s_registered, 1) == 0)
        {
            TypeDescriptor.AddAttributes(typeof(TimeSpan), new TypeConverterAttribute(typeof(DurationConverter)));
        }
    }

    /// <inheritdoc />
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    /// <inheritdoc />
    public override bool CanConvertTo(ITypeDescriptorContext? context, Type? destinationType) =>
        destinationType == typeof(string) || base.CanConvertTo(context, destinationType);

    /// <inheritdoc />
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
    {
        if (value is not string text)
        {
            return base.ConvertFrom(context, culture, value);
        }

        return DurationText.TryParse(text, out var duration)
            ? duration
            : throw new FormatException($"'{text}' is not a duration (90s, 15m, 1h30m, 2d, 250ms, 00:15:00)");
    }

    /// <inheritdoc />
    public override object? ConvertTo(ITypeDescriptorContext? context, CultureInfo? culture, object? value, Type destinationType) =>
        destinationType == typeof(string) && value is TimeSpan duration
            ? DurationText.Format(duration)
            : base.ConvertTo(context, culture, value, destinationType);
}
