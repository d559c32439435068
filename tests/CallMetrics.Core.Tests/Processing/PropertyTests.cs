using CallMetrics.Core.Options;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Core.Tests.Processing;

/// <summary>
/// Properties over many generated event streams (fixed seeds, so failures reproduce): arrival order
/// within the lateness and duplicated deliveries never change the output, and time adds up.
/// </summary>
public sealed class PropertyTests
{
    private static readonly MetricsOptions WithRolling = new() { Rolling = TimeSpan.FromMinutes(15), Step = TimeSpan.FromMinutes(1) };

    public static IEnumerable<object[]> Seeds() => Enumerable.Range(1, 40).Select(seed => new object[] { seed });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Shuffling_within_lateness_never_changes_the_output(int seed)
    {
        var stream = RandomCallCenter.Generate(seed);
        var sorted = Replayer.Run(stream.Lines, WithRolling);

        var shuffled = Replayer.Run(ShuffleWithinLateness(stream, seed, TimeSpan.FromSeconds(60)), WithRolling);

        shuffled.Rejected.Should().BeEmpty("no event arrives later than the lateness allows");
        shuffled.Output.Should().Be(sorted.Output);
        sorted.Output.Should().NotBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Duplicated_deliveries_never_change_the_output(int seed)
    {
        var stream = RandomCallCenter.Generate(seed);
        var once = Replayer.Run(stream.Lines, WithRolling);

        var random = new Random(seed);
        var withCopies = new List<string>(stream.Lines);
        var copies = 0;
        for (var i = 0; i < stream.Lines.Count; i += 1 + random.Next(4))
        {
            // A copy delivered again a little later (as Kafka's at-least-once delivery does), sometimes much later.
            var position = Math.Min(withCopies.Count, i + copies + 1 + random.Next(random.Next(10) == 0 ? 200 : 5));
            withCopies.Insert(position, stream.Lines[i]);
            copies++;
        }

        var twice = Replayer.Run(withCopies, WithRolling);

        // METRICS: a copy older than the watermark is late (dead-lettered), any other one a duplicate; neither is applied.
        twice.Output.Should().Be(once.Output);
        (twice.Engine.Counters.Duplicates + twice.Engine.Counters.Late).Should().Be(copies);
        twice.Engine.Counters.Duplicates.Should().BePositive();
        twice.Rejected.Should().OnlyContain(r => r.Reason == "late");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Time_in_states_adds_up_to_the_logged_in_time_of_each_agent(int seed)
    {
        var stream = RandomCallCenter.Generate(seed);
        var replay = Replayer.Run(stream.Lines);

        var lines = replay.All("agent_metrics");
        foreach (var line in lines)
        {
            (line.Number("busy_s") + line.Number("available_s") + line.Number("not_ready_s"))
                .Should().BeApproximately(line.Number("logged_in_s"), 1e-6);
            line.Number("logged_in_s").Should().BeLessThanOrEqualTo(900 + 1e-9, "an interval has 900 s");
        }

        foreach (var (agent, seconds) in stream.LoggedInSeconds)
        {
            lines.Where(l => l.Tag("agent") == agent).Sum(l => l.Number("logged_in_s"))
                .Should().BeApproximately(seconds, 1e-6, "agent {0} was logged in for {1} s", agent, seconds);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Team_and_tenant_lines_are_the_sums_of_their_agent_lines(int seed)
    {
        var replay = Replayer.Run(RandomCallCenter.Generate(seed).Lines);
        var agents = replay.All("agent_metrics");

        foreach (var tenant in replay.All("tenant_metrics"))
        {
            var ofWindow = agents.Where(a => a.Timestamp == tenant.Timestamp).ToList();
            foreach (var field in new[] { "handled", "talk_s", "hold_s", "wrap_s", "busy_s", "available_s", "not_ready_s", "logged_in_s", "transfers", "surveys" })
            {
                tenant.Number(field).Should().BeApproximately(ofWindow.Sum(a => a.Number(field)), 1e-6, field);
            }
        }

        foreach (var team in replay.All("team_metrics"))
        {
            var members = agents.Where(a => a.Timestamp == team.Timestamp && a.Tag("team") == team.Tag("team")).ToList();
            members.Should().NotBeEmpty();
            team.Number("busy_s").Should().BeApproximately(members.Sum(a => a.Number("busy_s")), 1e-6);
            team.Number("handled").Should().Be(members.Sum(a => a.Number("handled")));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Busy_time_never_exceeds_logged_in_time_and_every_handled_leg_has_a_handle_time(int seed)
    {
        var replay = Replayer.Run(RandomCallCenter.Generate(seed).Lines);

        foreach (var line in replay.All("agent_metrics"))
        {
            line.Number("busy_s").Should().BeLessThanOrEqualTo(line.Number("logged_in_s") + 1e-9);
            if (line.Number("handled") > 0)
            {
                line.Number("aht_s").Should().BeGreaterThan(0);
            }
            else
            {
                line.Has("aht_s").Should().BeFalse("a ratio with a zero denominator is omitted");
            }
        }
    }

    /// <summary>
    /// Delivers each event at its time plus a random delay below the lateness, in that order: an event
    /// then never arrives after one that is more than the lateness newer, so none is late.
    /// </summary>
    private static List<string> ShuffleWithinLateness(RandomCallCenter stream, int seed, TimeSpan lateness)
    {
        var random = new Random(seed * 7919);
        var maxDelay = (long)lateness.TotalMilliseconds;
        return stream.Lines
            .Select((line, i) => (line, arrival: stream.Times[i] + random.NextInt64(0, maxDelay)))
            .OrderBy(x => x.arrival)
            .Select(x => x.line)
            .ToList();
    }
}
