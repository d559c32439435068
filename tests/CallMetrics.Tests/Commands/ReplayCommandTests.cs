using System.Text.Json;
using CallMetrics.Commands;
using CallMetrics.Core.Tests.Support;
using CallMetrics.Tests.Support;

namespace CallMetrics.Tests.Commands;

public sealed class ReplayCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("callmetrics-replay-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [MemberData(nameof(ScenarioFiles.Names), MemberType = typeof(ScenarioFiles))]
    public async Task Replay_of_each_spec_scenario_prints_exactly_its_expected_lines(string name)
    {
        var (exit, stdout, _) = await Replay("--input", ScenarioFiles.Events(name));

        exit.Should().Be(0);
        ScenarioOutput.Matches(stdout, await File.ReadAllTextAsync(ScenarioFiles.Expected(name)));
    }

    [Fact]
    public async Task Replay_of_the_live_state_scenario_writes_its_state_lines_and_byte_for_byte_its_alerts()
    {
        const string Name = "live-state-and-alerts";
        var alerts = Path.Combine(_dir, "alerts.jsonl");

        var (exit, stdout, stderr) = await Replay(
            "--input", ScenarioFiles.Events(Name), "--rolling", "15m", "--step", "1m", "--alert-rules", ScenarioFiles.Rules(Name), "--alerts-out", alerts);

        exit.Should().Be(0, stderr);
        (await File.ReadAllBytesAsync(alerts)).Should().Equal(await File.ReadAllBytesAsync(ScenarioFiles.ExpectedAlerts(Name)));
        static IEnumerable<string> State(string text) => text.Split('\n').Where(l => l.Contains(",kind=state", StringComparison.Ordinal));
        State(stdout).Should().Equal(State(await File.ReadAllTextAsync(ScenarioFiles.Expected(Name)))).And.HaveCount(99);
    }

    [Fact]
    public async Task Alert_rules_without_rolling_windows_are_refused_with_one_line_and_exit_2()
    {
        var (exit, stdout, stderr) = await Replay(
            "--input", ScenarioFiles.Events("basic-call"), "--alert-rules", ScenarioFiles.Rules("live-state-and-alerts"), "--alerts-out", Path.Combine(_dir, "a.jsonl"));

        exit.Should().Be(2);
        stdout.Should().BeEmpty();
        stderr.TrimEnd().Should().Be("callmetrics replay: --alert-rules needs --rolling: rules are evaluated at the rolling step instants");
    }

    [Fact]
    public async Task A_bad_rule_file_is_refused_with_exit_2_and_a_line_naming_the_rule()
    {
        var rules = Write("rules.json", """[{"id": "ok", "measurement": "queue_state", "field": "waiting", "op": ">", "value": 0}, {"id": "typo", "measurement": "queue_state", "field": "waiting", "op": ">", "value": 0, "for": "a while"}]""");

        var (exit, _, stderr) = await Replay(
            "--input", ScenarioFiles.Events("basic-call"), "--rolling", "15m", "--alert-rules", rules, "--alerts-out", Path.Combine(_dir, "a.jsonl"));

        exit.Should().Be(2);
        stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle()
            .Which.Should().Be($"callmetrics replay: --alert-rules {rules}: rule \"typo\" (#2): \"for\" must be a duration such as \"90s\", \"1m\" or \"1h\"");
        File.Exists(Path.Combine(_dir, "a.jsonl")).Should().BeFalse("nothing runs with a bad rule file");
    }

    [Fact]
    public async Task An_alerts_file_without_rules_is_refused()
    {
        var (exit, _, stderr) = await Replay("--input", ScenarioFiles.Events("basic-call"), "--rolling", "15m", "--alerts-out", Path.Combine(_dir, "a.jsonl"));

        exit.Should().Be(2);
        stderr.Should().Contain("--alert-rules and --alerts-out go together");
    }

    [Fact]
    public async Task Replay_is_deterministic_byte_for_byte()
    {
        var input = Write("random.jsonl", string.Join('\n', RandomCallCenter.Generate(11, agents: 20, calls: 300).Lines));

        var first = await Replay("--input", input, "--rolling", "15m", "--step", "1m");
        var second = await Replay("--input", input, "--rolling", "15m", "--step", "1m");

        first.Stdout.Should().NotBeEmpty().And.Be(second.Stdout);
        first.Stdout.Should().Contain("kind=rolling").And.Contain("kind=interval");
    }

    [Fact]
    public async Task Bad_lines_go_to_the_dead_letter_file_with_reason_and_line_and_good_lines_still_count()
    {
        var good = File.ReadAllLines(ScenarioFiles.Events("basic-call"));
        var lines = new List<string>
        {
            good[0], // 1 login
            "{\"event_id\":\"x1\",\"type\":\"call.arrived\",", // 2 malformed JSON
            good[1], // 3
            "{\"event_id\":\"x2\",\"type\":\"call.teleported\",\"ts\":\"2026-11-22T09:01:10Z\",\"call_id\":\"c1\"}", // 4 unknown type
            good[2], // 5
            "{\"event_id\":\"x3\",\"type\":\"call.answered\",\"ts\":\"2026-11-22T09:01:40Z\",\"call_id\":\"c9\"}", // 6 missing agent_id
            "", // 7 blank: skipped
            good[3], // 8
            "{\"event_id\":\"x4\",\"type\":\"agent.state\",\"ts\":\"22/11/2026 09:02\",\"agent_id\":\"a1\",\"state\":\"available\"}", // 9 bad ts
            "{\"event_id\":\"x5\",\"schema\":2,\"type\":\"agent.state\",\"ts\":\"2026-11-22T09:02:00Z\",\"agent_id\":\"a1\",\"state\":\"available\"}", // 10 unknown schema
            good[4], good[5], good[6], good[7], // 11-14
            "{\"event_id\":\"x6\",\"type\":\"agent.state\",\"ts\":\"2026-11-22T09:02:00Z\",\"agent_id\":\"a1\",\"state\":\"available\"}", // 15 late
        };
        var input = Write("bad.jsonl", string.Join('\n', lines));
        var deadLetters = Path.Combine(_dir, "dead.jsonl");

        var (exit, stdout, stderr) = await Replay("--input", input, "--dead-letter", deadLetters);

        exit.Should().Be(0, stderr);
        ScenarioOutput.Matches(stdout, await File.ReadAllTextAsync(ScenarioFiles.Expected("basic-call")));
        var records = (await File.ReadAllLinesAsync(deadLetters)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        records.Select(r => r.GetProperty("line").GetInt64()).Should().Equal(2, 4, 6, 9, 10, 15);
        records.Select(r => r.GetProperty("reason").GetString()!.Split(':')[0]).Should().Equal(
            "malformed_json", "unknown_type", "missing_field", "bad_timestamp", "unknown_schema", "late");
        records[2].GetProperty("reason").GetString().Should().Contain("agent_id");
        records[1].GetProperty("raw").GetString().Should().Be(lines[3], "the dead letter keeps the raw input");
    }

    [Fact]
    public async Task Rejections_across_many_hand_over_batches_keep_input_order_and_change_no_output()
    {
        // Replay decodes on one thread and applies on another, handing over batches of 4,096 lines: rejections
        // found on either side (malformed on the reading side, late on the applying side) must come out in
        // line order, and the output must be what the clean input gives.
        var clean = RandomCallCenter.Generate(23, agents: 40, calls: 5000).Lines.ToList();
        clean.Count.Should().BeGreaterThan(3 * 4096, "the input must span several batches");
        var lines = new List<string>();
        var expectedRejections = new List<(long Line, string Code)>();
        for (var i = 0; i < clean.Count; i++)
        {
            lines.Add(clean[i]);
            if (i > 0 && i % 997 == 0)
            {
                lines.Add("{\"event_id\":\"broken-" + i + "\",");
                expectedRejections.Add((lines.Count, "malformed_json"));
            }

            if (i > 2000 && i % 1499 == 0)
            {
                // The first event again under a new id, hours behind the watermark by now.
                lines.Add(clean[0].Replace("\"event_id\":\"", "\"event_id\":\"late-" + i + "-", StringComparison.Ordinal));
                expectedRejections.Add((lines.Count, "late"));
            }
        }

        var input = Write("mixed.jsonl", string.Join('\n', lines));
        var cleanInput = Write("clean.jsonl", string.Join('\n', clean));
        var deadLetters = Path.Combine(_dir, "dead.jsonl");

        var mixed = await Replay("--input", input, "--dead-letter", deadLetters);
        var reference = await Replay("--input", cleanInput);

        mixed.Exit.Should().Be(0, mixed.Stderr);
        mixed.Stdout.Should().NotBeEmpty().And.Be(reference.Stdout);
        var records = (await File.ReadAllLinesAsync(deadLetters)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        records.Select(r => (r.GetProperty("line").GetInt64(), r.GetProperty("reason").GetString()!.Split(':')[0]))
            .Should().Equal(expectedRejections);
    }

    [Fact]
    public async Task Without_a_dead_letter_file_rejections_are_reported_on_standard_error()
    {
        var input = Write("one-bad.jsonl", "{\"event_id\":\"x\",\"type\":\"agent.login\",\"ts\":\"2026-11-22T09:00:00\",\"agent_id\":\"a1\"}\n");

        var (exit, stdout, stderr) = await Replay("--input", input);

        exit.Should().Be(0);
        stdout.Should().BeEmpty();
        stderr.Should().Contain("\"line\":1").And.Contain("bad_timestamp").And.Contain("offset");
    }

    [Fact]
    public async Task A_missing_input_file_gives_a_one_line_error_and_a_non_zero_exit_from_the_real_executable()
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync(["replay", "--input", Path.Combine(_dir, "nope.jsonl")]);

        exit.Should().NotBe(0);
        stdout.Should().BeEmpty();
        stderr.TrimEnd().Split('\n').Should().ContainSingle().Which.Should().Contain("nope.jsonl");
    }

    [Theory]
    [InlineData("--interval", "fifteen", "--interval")]
    [InlineData("--interval", "90500ms", "whole number of seconds")]
    [InlineData("--rolling", "10m", "multiple of step")]
    [InlineData("--bogus", "1", "unknown option '--bogus'")]
    public async Task Unusable_arguments_give_a_one_line_error_naming_the_argument(string option, string value, string expected)
    {
        var input = Write("empty.jsonl", string.Empty);
        var args = new List<string> { "--input", input, option, value };
        if (option == "--rolling")
        {
            args.AddRange(["--step", "7m"]);
        }

        var (exit, _, stderr) = await Replay([.. args]);

        exit.Should().Be(2);
        stderr.Should().Contain(expected);
        stderr.TrimEnd().Split('\n').Should().ContainSingle();
    }

    [Fact]
    public async Task Replay_reads_standard_input_when_the_input_is_a_dash()
    {
        using var process = CliProcess.Start(["replay", "--input", "-", "--quiet"], redirectInput: true);
        await process.StandardInput.WriteAsync(await File.ReadAllTextAsync(ScenarioFiles.Events("basic-call")));
        process.StandardInput.Close();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        process.ExitCode.Should().Be(0);
        ScenarioOutput.Matches(stdout, await File.ReadAllTextAsync(ScenarioFiles.Expected("basic-call")));
    }

    [Fact]
    public async Task An_escalation_queue_makes_a_leg_transferred_to_it_escalated_whatever_its_disposition()
    {
        // outcomes-and-distributions: a1 transfers c4 to tier2 at 09:08:30 (its wrap then ends by a state change).
        var (exit, stdout, stderr) = await Replay("--input", ScenarioFiles.Events("outcomes-and-distributions"), "--escalation-queue", "tier2");

        exit.Should().Be(0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(MetricLine.Parse).ToList();
        lines.Single(l => l.Measurement == "agent_metrics" && l.Tag("agent") == "a1").Fields["escalated"].Should().Be("1i");
        lines.Single(l => l.Measurement == "queue_metrics" && l.Tag("queue") == "sales").Fields["escalated"].Should().Be("1i");
        lines.Single(l => l.Measurement == "queue_metrics" && l.Tag("queue") == "tier2").Fields["escalated"].Should().Be("0i");
        lines.Single(l => l.Measurement == "call_type_metrics" && l.Tag("call_type") == "technical").Fields["escalated"].Should().Be("1i");
    }

    [Fact]
    public async Task An_outcome_map_replaces_the_default_classes()
    {
        // a1's dispositions are "resolved" (c1) and "follow-up" (c5): with this map only follow-up is resolved.
        var map = Write("map.json", "{\"follow-up\": \"resolved\", \"sale\": \"sale\"}");

        var (exit, stdout, stderr) = await Replay("--input", ScenarioFiles.Events("outcomes-and-distributions"), "--outcome-map", map);

        exit.Should().Be(0, stderr);
        var a1 = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(MetricLine.Parse)
            .Single(l => l.Measurement == "agent_metrics" && l.Tag("agent") == "a1");
        (a1.Fields["dispositioned"], a1.Fields["resolved"]).Should().Be(("2i", "1i"));
        a1.Number("resolution_rate").Should().Be(0.5);
    }

    [Theory]
    [InlineData("[\"resolved\"]", "JSON object")]
    [InlineData("{\"fixed\": \"done\"}", "'done'")]
    [InlineData("{\"fixed\": ", "not valid JSON")]
    public async Task An_unusable_outcome_map_gives_a_one_line_error_and_exit_2(string json, string expected)
    {
        var map = Write("bad-map.json", json);

        var (exit, stdout, stderr) = await Replay("--input", ScenarioFiles.Events("basic-call"), "--outcome-map", map);

        exit.Should().Be(2);
        stdout.Should().BeEmpty();
        stderr.Should().Contain("--outcome-map").And.Contain(expected);
        stderr.TrimEnd().Split('\n').Should().ContainSingle();
    }

    [Fact]
    public async Task A_shorter_fcr_window_in_days_leaves_a_contact_resolved_that_a_call_two_days_later_would_repeat()
    {
        // repeat-contacts: c1 (caller 555) ends 11-22 09:05; the caller calls again 11-24 14:02, outside one day.
        var (exit, stdout, stderr) = await Replay("--input", ScenarioFiles.Events("repeat-contacts"), "--fcr-window", "1d");

        exit.Should().Be(0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(MetricLine.Parse).ToList();
        var first = lines.Single(l => l.Measurement == "fcr_metrics" && l.Tag("scope") == "tenant" && l.Timestamp == 1795338000000000000);
        (first.Fields["contacts"], first.Fields["resolved"], first.Fields["repeated"]).Should().Be(("2i", "2i", "0i"));
        first.Number("fcr_rate").Should().Be(1.0);
        lines.Should().OnlyContain(l => l.Measurement != "tenant_metrics" || l.Fields["repeat_calls"] == "0i");
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> Replay(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CommandLine.RunAsync(["replay", .. args], stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
