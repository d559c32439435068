using System.Text.Json;

namespace CallMetrics.Core.Tests.Support;

/// <summary>Reorders sorted JSON lines the way a network might, without changing the result the spec promises.</summary>
public static class InputOrder
{
    /// <summary>
    /// Groups consecutive events with equal <c>ts</c> (kept together and in order, since equal-ts events apply
    /// in input order), then reverses the groups inside blocks that span at most <paramref name="lateness"/>:
    /// every event still arrives no more than <paramref name="lateness"/> behind the largest ts seen, and a
    /// stable sort of the result gives back the input.
    /// </summary>
    public static IReadOnlyList<string> Disordered(IReadOnlyList<string> sortedLines, TimeSpan lateness)
    {
        var groups = new List<(DateTimeOffset Ts, List<string> Lines)>();
        foreach (var line in sortedLines)
        {
            var ts = Timestamp(line);
            if (groups.Count > 0 && groups[^1].Ts == ts)
            {
                groups[^1].Lines.Add(line);
            }
            else
            {
                groups.Add((ts, [line]));
            }
        }

        var result = new List<string>();
        var i = 0;
        while (i < groups.Count)
        {
            var j = i;
            while (j + 1 < groups.Count && groups[j + 1].Ts - groups[i].Ts <= lateness)
            {
                j++;
            }

            for (var k = j; k >= i; k--)
            {
                result.AddRange(groups[k].Lines);
            }

            i = j + 1;
        }

        return result;
    }

    /// <summary>The <c>ts</c> of a JSON line.</summary>
    public static DateTimeOffset Timestamp(string line)
    {
        using var document = JsonDocument.Parse(line);
        return document.RootElement.GetProperty("ts").GetDateTimeOffset();
    }
}
