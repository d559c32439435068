using System.Globalization;

namespace CallMetrics.Simulation;

/// <summary>
/// Formats Unix milliseconds as RFC 3339 UTC with millisecond precision (<c>2026-11-22T09:00:05.250Z</c>),
/// without allocating: the date part is cached per day because events come in time order.
/// </summary>
internal sealed class RfcTimestamp
{
    /// <summary>Length of the formatted text: <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>.</summary>
    public const int Length = 24;

    private const long MillisecondsPerDay = 86_400_000;
    private readonly byte[] _datePrefix = new byte[11];
    private long _cachedDay = long.MinValue;

    /// <summary>Writes the timestamp of <paramref name="unixMilliseconds"/> into <paramref name="destination"/> (24 bytes).</summary>
    public void Format(long unixMilliseconds, Span<byte> destination)
    {
        var day = Math.DivRem(unixMilliseconds, MillisecondsPerDay, out var msOfDay);
        if (msOfDay < 0)
        {
            day--;
            msOfDay += MillisecondsPerDay;
        }

        if (day != _cachedDay)
        {
            var date = DateOnly.FromDayNumber(checked((int)(day + DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber)));
            if (date.Year > 9999 || !date.TryFormat(_datePrefix, out var written, "yyyy-MM-dd", CultureInfo.InvariantCulture) || written != 10)
            {
                throw new ArgumentOutOfRangeException(nameof(unixMilliseconds));
            }

            _datePrefix[10] = (byte)'T';
            _cachedDay = day;
        }

        _datePrefix.CopyTo(destination);
        var ms = (int)msOfDay;
        var hours = ms / 3_600_000;
        ms -= hours * 3_600_000;
        var minutes = ms / 60_000;
        ms -= minutes * 60_000;
        var seconds = ms / 1000;
        ms -= seconds * 1000;
        Two(destination[11..], hours);
        destination[13] = (byte)':';
        Two(destination[14..], minutes);
        destination[16] = (byte)':';
        Two(destination[17..], seconds);
        destination[19] = (byte)'.';
        destination[20] = (byte)('0' + (ms / 100));
        destination[21] = (byte)('0' + (ms / 10 % 10));
        destination[22] = (byte)('0' + (ms % 10));
        destination[23] = (byte)'Z';
    }

    /// <summary>Formats to a string (for messages and tests, not the hot path).</summary>
    public static string ToText(long unixMilliseconds)
    {
        Span<byte> buffer = stackalloc byte[Length];
        new RfcTimestamp().Format(unixMilliseconds, buffer);
        return System.Text.Encoding.ASCII.GetString(buffer);
    }

    private static void Two(Span<byte> destination, int value)
    {
        destination[0] = (byte)('0' + (value / 10));
        destination[1] = (byte)('0' + (value % 10));
    }
}
