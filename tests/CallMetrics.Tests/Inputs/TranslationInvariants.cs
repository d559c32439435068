using System.Text.Json;

namespace CallMetrics.Tests.Inputs;

/// <summary>What every translator promises about its output, checked on whole files.</summary>
internal static class TranslationInvariants
{
    public static void ShouldHold(IReadOnlyList<string> events)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var previous = DateTimeOffset.MinValue;
        foreach (var json in events)
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            ids.Add(root.GetProperty("event_id").GetString()!).Should().BeTrue($"event ids are unique ({json})");
            var tsText = root.GetProperty("ts").GetString()!;
            tsText.Should().MatchRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", "timestamps are RFC 3339 UTC");
            var ts = DateTimeOffset.Parse(tsText, System.Globalization.CultureInfo.InvariantCulture);
            ts.Should().BeOnOrAfter(previous, "events come out in non-decreasing time");
            previous = ts;
        }
    }
}
