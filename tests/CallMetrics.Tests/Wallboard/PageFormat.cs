using System.Globalization;
using System.Text.Json;

namespace CallMetrics.Tests.Wallboard;

/// <summary>How the wallboard writes a figure (wwwroot/format.js and figures.js), written again for the tests.</summary>
internal static class PageFormat
{
    private static readonly HashSet<string> Ratios = ["serviceLevel", "abandonRate", "occupancy", "utilization", "fcrRate"];

    private static readonly HashSet<string> Durations = ["longestWaitSeconds", "asaSeconds", "ahtSeconds", "handleP90Seconds", "inActivitySeconds", "inStateSeconds"];

    public static string Of(string field, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            return "–";
        }

        var v = value.GetDouble();
        return field switch
        {
            _ when Ratios.Contains(field) => Math.Round(v * 100, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture) + " %",
            _ when Durations.Contains(field) => Seconds(v),
            "csat" => v.ToString("0.00", CultureInfo.InvariantCulture),
            _ => v.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>"48 s" under a minute, then "m:ss", then "h:mm:ss".</summary>
    public static string Seconds(double value)
    {
        var s = (long)Math.Round(value, MidpointRounding.AwayFromZero);
        return s < 60 ? $"{s} s"
            : s < 3600 ? string.Create(CultureInfo.InvariantCulture, $"{s / 60}:{s % 60:D2}")
            : string.Create(CultureInfo.InvariantCulture, $"{s / 3600}:{s / 60 % 60:D2}:{s % 60:D2}");
    }
}
