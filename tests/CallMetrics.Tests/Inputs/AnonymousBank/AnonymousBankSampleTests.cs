using CallMetrics.Inputs.AnonymousBank;
using CallMetrics.Simulation;
using CallMetrics.Tests.Simulation;

namespace CallMetrics.Tests.Inputs.AnonymousBank;

/// <summary>The real day of data bundled in samples/, and its committed translation.</summary>
public class AnonymousBankSampleTests
{
    private static readonly string Csv = Path.Combine(AppContext.BaseDirectory, "samples", "anonymous-bank-one-day.csv");
    private static readonly string Jsonl = Path.Combine(AppContext.BaseDirectory, "samples", "anonymous-bank-one-day.jsonl");

    private static readonly Lazy<AnonymousBankTranslation> Translation = new(() =>
    {
        using var reader = new StreamReader(Csv);
        new AnonymousBankTranslator(new AnonymousBankOptions()).TryTranslate(reader, out var translation, out var error).Should().BeTrue(error);
        return translation!;
    });

    [Fact]
    public void Every_row_is_accounted_for_translated_or_rejected()
    {
        var translation = Translation.Value;
        var dataRows = File.ReadLines(Csv).Skip(1).Count(l => l.Length > 0);

        translation.Rows.Should().Be(dataRows).And.Be(2375);
        (translation.TranslatedRows + translation.Rejections.Count).Should().Be(translation.Rows);
        translation.Rejections.Select(r => r.LineNumber).Should().OnlyHaveUniqueItems().And.OnlyContain(n => n >= 2 && n <= dataRows + 1);
    }

    [Fact]
    public void Rejections_are_the_known_flaws_of_the_data()
    {
        int Count(string start) => Translation.Value.Rejections.Count(r => r.Reason.StartsWith(start, StringComparison.Ordinal));

        Count("outcome PHANTOM").Should().Be(18);
        Count("outcome AGENT but server is 'NO_SERVER'").Should().Be(6);
        Count("vru_time -").Should().Be(3, "three rows have vru_exit before vru_entry");
        Count("ser_start").Should().Be(2, "two rows are answered a second before they were queued");
        Count("outcome AGENT but no service times").Should().Be(1);
        Translation.Value.Rejections.Should().HaveCount(30);
    }

    [Fact]
    public void The_events_are_valid_sorted_and_consistent()
    {
        var checker = new EventSequenceChecker(allowOverlappingLegs: true);

        checker.Check(Translation.Value.Events);

        checker.Violations.Should().BeEmpty();
        checker.OverlappingAnswers.Should().BeLessThan(10, "the data has a handful of agents on two calls at once");
    }

    [Fact]
    public void The_committed_sample_jsonl_is_the_current_translation()
    {
        var expected = Some.JsonLines(Translation.Value.Events);

        File.ReadAllBytes(Jsonl).Should().Equal(expected, "regenerate it with: callmetrics import-anonymous-bank --input samples/anonymous-bank-one-day.csv --output samples/anonymous-bank-one-day.jsonl");
    }

    [Fact]
    public void Call_types_of_the_handled_calls_match_the_type_and_server_columns_of_the_csv()
    {
        // From the CSV: rows served by a named agent, less the rows the translation rejects, counted by type.
        var rejected = Translation.Value.Rejections.Select(r => r.LineNumber).ToHashSet();
        var lines = File.ReadAllLines(Csv);
        var header = lines[0].Split(',');
        int Column(string name) => Array.IndexOf(header, name);
        var expected = lines.Skip(1)
            .Select((line, i) => (Fields: line.Split(','), Number: i + 2))
            .Where(r => !rejected.Contains(r.Number) && r.Fields[Column("server")] != "NO_SERVER")
            .GroupBy(r => r.Fields[Column("type")])
            .ToDictionary(g => g.Key, g => g.Count());

        // From the committed canonical events: the call_type of each call.arrived whose call was answered.
        var callTypes = new Dictionary<string, string>();
        var answered = new HashSet<string>();
        foreach (var line in File.ReadLines(Jsonl))
        {
            using var json = System.Text.Json.JsonDocument.Parse(line);
            var root = json.RootElement;
            var type = root.GetProperty("type").GetString();
            if (type == "call.arrived")
            {
                callTypes.Add(root.GetProperty("call_id").GetString()!, root.GetProperty("call_type").GetString()!);
            }
            else if (type == "call.answered")
            {
                answered.Add(root.GetProperty("call_id").GetString()!);
            }
        }

        var actual = answered.GroupBy(call => callTypes[call]).ToDictionary(g => g.Key, g => g.Count());

        actual.Should().BeEquivalentTo(expected);
        actual.Values.Sum().Should().Be(1499, "1,511 AGENT rows, less 6 without a server and 6 more rejected");
        actual.Should().BeEquivalentTo(new Dictionary<string, int> { ["PS"] = 1112, ["NW"] = 175, ["NE"] = 121, ["IN"] = 68, ["TT"] = 14, ["PE"] = 9 }, "docs/SAMPLE-DATA.md quotes them");
    }
}
