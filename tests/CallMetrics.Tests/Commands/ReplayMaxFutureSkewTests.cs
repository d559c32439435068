using System.Text.Json;
using CallMetrics.Commands;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Tests.Commands;

/// <summary><c>replay --max-future-skew</c> (docs/DECISIONS.md "Clock skew").</summary>
public sealed class ReplayMaxFutureSkewTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("callmetrics-skew-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task By_default_replay_sets_no_limit_so_a_long_gap_in_a_sorted_file_is_kept()
    {
        (await ReplayAsync("2100-01-01T00:00:00Z")).Should().BeEmpty();
    }

    [Fact]
    public async Task With_a_7_day_skew_a_line_more_than_7_days_ahead_is_dead_lettered_as_too_far_ahead()
    {
        var letters = await ReplayAsync("2026-11-29T09:10:01Z", "--max-future-skew", "7d");

        letters.Should().ContainSingle().Which.Should().StartWith("too_far_ahead: ts 2026-11-29T09:10:01Z is after 2026-11-29T09:10:00Z");
    }

    [Fact]
    public async Task A_line_within_the_skew_is_accepted()
    {
        (await ReplayAsync("2026-11-29T09:10:00Z", "--max-future-skew", "7d")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("none")]
    [InlineData("400d")]
    public async Task The_skew_can_be_turned_off_or_must_be_valid(string value)
    {
        if (value == "none")
        {
            (await ReplayAsync("2100-01-01T00:00:00Z", "--max-future-skew", value)).Should().BeEmpty();
            return;
        }

        var (exit, _, stderr) = await RunAsync(Write("x.jsonl", ""), null, "--max-future-skew", value);
        exit.Should().NotBe(0);
        stderr.Should().Contain("max-future-skew");
    }

    [Fact]
    public async Task A_smaller_skew_is_honoured()
    {
        (await ReplayAsync("2026-11-22T10:10:01Z", "--max-future-skew", "1h")).Should().ContainSingle().Which.Should().StartWith("too_far_ahead: ");
    }

    /// <summary>
    /// Replays a login at 09:00, a logout at 09:10, and another agent's login at <paramref name="ts"/>; returns the dead
    /// letters' reasons. (Nothing is open before the late login: with no limit, an agent logged in across a jump of
    /// decades would make replay write a window for every 15 minutes of them.)
    /// </summary>
    private async Task<List<string>> ReplayAsync(string ts, params string[] options)
    {
        var s = Scenario.Create().At("09:00").Login("a1").At("09:10").Logout("a1").Login("a2");
        var login = s.Lines[2].Replace("2026-11-22T09:10:00.000Z", ts, StringComparison.Ordinal);
        var deadLetters = Path.Combine(_dir, "dead.jsonl");
        var (exit, _, stderr) = await RunAsync(Write("in.jsonl", s.Lines[0] + "\n" + s.Lines[1] + "\n" + login + "\n"), deadLetters, options);
        exit.Should().Be(0, stderr);
        return File.Exists(deadLetters)
            ? (await File.ReadAllLinesAsync(deadLetters)).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("reason").GetString()!).ToList()
            : [];
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string input, string? deadLetters, params string[] options)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        string[] args = deadLetters is null ? ["replay", "--input", input, "--quiet", .. options] : ["replay", "--input", input, "--dead-letter", deadLetters, "--quiet", .. options];
        var exit = await CommandLine.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
