namespace CallMetrics.Core.Decoding;

/// <summary>
/// Parses RFC 3339 timestamps from UTF-8 bytes into Unix nanoseconds without allocating.
/// EVENTS.md: an offset is required; fractional seconds are optional; digits beyond nanoseconds
/// are truncated. Accepts <c>T</c>, <c>t</c> or a space between date and time, <c>Z</c> or <c>z</c>.
/// </summary>
public static class Rfc3339
{
    /// <summary>Nanoseconds per second.</summary>
    public const long NanosPerSecond = 1_000_000_000L;

    // Unix nanoseconds fit a long from 1677-09-21 to 2262-04-11; keep a safe margin inside that.
    private const int MinYear = 1678;
    private const int MaxYear = 2261;

    /// <summary>Parses <paramref name="text"/>; on failure returns false and a reason.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out long unixNanos, out string? error)
    {
        unixNanos = 0;
        if (text.Length < 20)
        {
            error = "timestamp is too short for RFC 3339 (expected YYYY-MM-DDTHH:MM:SS with an offset)";
            return false;
        }

        if (!TryDigits(text, 0, 4, out var year) || text[4] != '-' || !TryDigits(text, 5, 2, out var month) || text[7] != '-'
            || !TryDigits(text, 8, 2, out var day))
        {
            error = "date is not YYYY-MM-DD";
            return false;
        }

        if (text[10] is not ((byte)'T' or (byte)'t' or (byte)' '))
        {
            error = "expected 'T' between date and time";
            return false;
        }

        if (!TryDigits(text, 11, 2, out var hour) || text[13] != ':' || !TryDigits(text, 14, 2, out var minute) || text[16] != ':'
            || !TryDigits(text, 17, 2, out var second))
        {
            error = "time is not HH:MM:SS";
            return false;
        }

        if (year is < MinYear or > MaxYear)
        {
            error = $"year {year} is out of the supported range {MinYear}-{MaxYear}";
            return false;
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            error = "date does not exist";
            return false;
        }

        if (hour > 23 || minute > 59 || second > 59)
        {
            error = second == 60 ? "leap seconds are not supported" : "time of day is out of range";
            return false;
        }

        var position = 19;
        long fraction = 0;
        if (position < text.Length && text[position] == '.')
        {
            position++;
            var digits = 0;
            while (position < text.Length && IsDigit(text[position]))
            {
                if (digits < 9)
                {
                    fraction = (fraction * 10) + (text[position] - '0');
                }

                digits++;
                position++;
            }

            if (digits == 0)
            {
                error = "expected digits after the decimal point";
                return false;
            }

            for (var i = digits; i < 9; i++)
            {
                fraction *= 10;
            }
        }

        if (position >= text.Length)
        {
            error = "timestamp has no offset (add Z or +HH:MM)";
            return false;
        }

        long offsetSeconds;
        var sign = text[position];
        if (sign is (byte)'Z' or (byte)'z')
        {
            offsetSeconds = 0;
            position++;
        }
        else if (sign is (byte)'+' or (byte)'-')
        {
            if (position + 6 != text.Length || !TryDigits(text, position + 1, 2, out var offsetHours) || text[position + 3] != ':'
                || !TryDigits(text, position + 4, 2, out var offsetMinutes) || offsetHours > 23 || offsetMinutes > 59)
            {
                error = "offset is not +HH:MM or -HH:MM";
                return false;
            }

            offsetSeconds = ((offsetHours * 60L) + offsetMinutes) * 60L * (sign == '-' ? -1 : 1);
            position += 6;
        }
        else
        {
            error = "timestamp has no offset (add Z or +HH:MM)";
            return false;
        }

        if (position != text.Length)
        {
            error = "unexpected characters after the offset";
            return false;
        }

        var days = DaysFromCivil(year, month, day);
        var seconds = (days * 86_400L) + (hour * 3600L) + (minute * 60L) + second - offsetSeconds;
        unixNanos = (seconds * NanosPerSecond) + fraction;
        error = null;
        return true;
    }

    /// <summary>Formats Unix nanoseconds as RFC 3339 UTC with the shortest exact fraction.</summary>
    public static string Format(long unixNanos)
    {
        var seconds = Math.DivRem(unixNanos, NanosPerSecond, out var nanos);
        if (nanos < 0)
        {
            seconds--;
            nanos += NanosPerSecond;
        }

        var time = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
        var text = time.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        if (nanos == 0)
        {
            return text + "Z";
        }

        var fraction = nanos.ToString("D9", System.Globalization.CultureInfo.InvariantCulture).TrimEnd('0');
        return $"{text}.{fraction}Z";
    }

    /// <summary>Length of what <see cref="TryFormatMilliseconds"/> writes: <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>.</summary>
    public const int MillisecondsLength = 24;

    /// <summary>
    /// Writes Unix milliseconds as RFC 3339 UTC with exactly three fraction digits (<c>2026-11-22T09:00:05.250Z</c>),
    /// the form EVENTS.md producers write, into the first <see cref="MillisecondsLength"/> bytes of
    /// <paramref name="destination"/> without allocating. False when it is too short or the year is not 0001-9999.
    /// </summary>
    public static bool TryFormatMilliseconds(long unixMilliseconds, Span<byte> destination)
    {
        var days = Math.DivRem(unixMilliseconds, 86_400_000L, out var msOfDay);
        if (msOfDay < 0)
        {
            days--;
            msOfDay += 86_400_000L;
        }

        // Howard Hinnant's civil_from_days, the inverse of DaysFromCivil below.
        var z = days + 719_468L;
        var era = (z >= 0 ? z : z - 146_096L) / 146_097L;
        var dayOfEra = z - (era * 146_097L);
        var yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36_524) - (dayOfEra / 146_096)) / 365;
        var dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        var mp = ((5 * dayOfYear) + 2) / 153;
        var day = dayOfYear - (((153 * mp) + 2) / 5) + 1;
        var month = mp < 10 ? mp + 3 : mp - 9;
        var year = yearOfEra + (era * 400) + (month <= 2 ? 1 : 0);
        if (destination.Length < MillisecondsLength || year is < 1 or > 9999)
        {
            return false;
        }

        var ms = (int)msOfDay;
        Digits(destination[..4], (int)year);
        destination[4] = (byte)'-';
        Digits(destination.Slice(5, 2), (int)month);
        destination[7] = (byte)'-';
        Digits(destination.Slice(8, 2), (int)day);
        destination[10] = (byte)'T';
        Digits(destination.Slice(11, 2), ms / 3_600_000);
        destination[13] = (byte)':';
        Digits(destination.Slice(14, 2), ms / 60_000 % 60);
        destination[16] = (byte)':';
        Digits(destination.Slice(17, 2), ms / 1000 % 60);
        destination[19] = (byte)'.';
        Digits(destination.Slice(20, 3), ms % 1000);
        destination[23] = (byte)'Z';
        return true;
    }

    private static void Digits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    // Howard Hinnant's days_from_civil: days since 1970-01-01 of a proleptic Gregorian date.
    private static long DaysFromCivil(int year, int month, int day)
    {
        year -= month <= 2 ? 1 : 0;
        var era = (year >= 0 ? year : year - 399) / 400;
        var yearOfEra = year - (era * 400);
        var dayOfYear = ((153 * (month + (month > 2 ? -3 : 9))) + 2) / 5 + day - 1;
        var dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146_097L) + dayOfEra - 719_468L;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!IsDigit(text[i]))
            {
                return false;
            }

            value = (value * 10) + (text[i] - '0');
        }

        return true;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
