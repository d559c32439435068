using System.Diagnostics;
using System.Security.Cryptography;
using CallMetrics.Core.Tests.Support;
using CallMetrics.Tests.Support;

namespace CallMetrics.Tests.Replay;

/// <summary>
/// Replay's output and dead letters, byte for byte, on large and hostile inputs: SHA-256 of each, recorded from a
/// known-good build. A refactoring of the pipeline must keep every hash; a change of the metrics' definition changes
/// them on purpose, and the commit that records new hashes says why.
/// </summary>
public sealed class ReplayGoldenTests : IClassFixture<ReplayGoldenTests.Inputs>
{
    /// <summary>Case name → (SHA-256 of stdout, SHA-256 of the dead-letter file).</summary>
    /// <remarks>
    /// Recorded from main at 27a4452, before the pipeline moved to Akka.Streams. The rolling cases were recorded again
    /// when rolling windows came to end at the first step after the end-of-input clock and the state series were added
    /// (METRICS.md): against the earlier output, a line diff shows only the trailing rolling lines dropped and the
    /// <c>kind=state</c> lines added.
    /// </remarks>
    private static readonly Dictionary<string, (string Output, string DeadLetters)> Recorded = new()
    {
        ["anonymous-bank"] = ("1a45a1ee9333d37e728d247ac6b07695946dcfd70b5a27ca9032079b36aa8354", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ["anonymous-bank-rolling"] = ("5b01d41d1d76a378c8ab1c8afe5308edf488be719745ec805c08ec11a9558ce2", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ["chaos"] = ("79b03961a2397a0de24543fc3c862e835f915c26e8e43517a25ff02726adfa43", "9dfcc36762212a373c81e17f23e0a1b7a51e1d83130e10f344866507ae587e50"),
        ["chaos-rolling"] = ("d93cd37e7e5add99434daeb1673b3ccd2b0b92894432dc0d464cacbfcc80f2e8", "9dfcc36762212a373c81e17f23e0a1b7a51e1d83130e10f344866507ae587e50"),
        ["day"] = ("478ada3e502c8493ea20f211a0c7366f29edd25ad64e5edeb904c3ad9ef43e54", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ["day-rolling"] = ("b05d8bc9cc08c1ed93032836f0d591f2a078fd05c388908b7312ceded7e4c0cc", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ["scenario-abandons-and-service-level-rolling"] = ("2eb8c00bee39e63cf89d3cd3b1c192b500d54ebf51cec39b2c13076314bb3fc6", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ["scenario-basic-call-rolling"] = ("d63a2a956bfeaa715e7b237f5811ba99009b0da41beb1012ef6ce52f797c2f78", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ["scenario-interval-boundary-rolling"] = ("c420fb71fc1388bacf1645e4c69dd116ae0429b4c45a349cedb94dcbffc3d776", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ["scenario-transfer-and-hold-rolling"] = ("59369e0d791c29ecc9b67f648438b8a28915f8b6c8a96cabf48c3767ff5fd407", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    };

    private readonly Inputs _inputs;

    public ReplayGoldenTests(Inputs inputs) => _inputs = inputs;

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string> { "day", "day-rolling", "chaos", "chaos-rolling", "anonymous-bank", "anonymous-bank-rolling" };
        foreach (var name in ScenarioFiles.Names())
        {
            data.Add("scenario-" + (string)name[0] + "-rolling");
        }

        return data;
    }

    [Fact]
    public void The_synthetic_day_is_about_a_million_events() =>
        _inputs.DayEvents.Should().BeInRange(900_000, 1_200_000);

    [Fact]
    public async Task The_chaos_mix_holds_late_duplicate_and_malformed_lines_of_every_kind()
    {
        var deadLetters = Path.Combine(_inputs.Directory, "chaos-reasons.dead.jsonl");
        var (exit, _, stderr) = await ReplayHashing(["--input", _inputs.Chaos, "--dead-letter", deadLetters]);

        exit.Should().Be(0, stderr);
        var reasons = File.ReadLines(deadLetters)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("reason").GetString()!.Split(':')[0])
            .ToHashSet();
        reasons.Should().Contain(["late", "malformed_json", "unknown_type", "missing_field", "bad_timestamp", "unknown_schema", "not_an_object", "wrong_field_type", "bad_score", "bad_state"]);
        stderr.Should().MatchRegex("duplicates?[^0-9]*[1-9]", "copies of earlier lines are in the mix");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Replay_output_and_dead_letters_are_byte_identical_to_the_recorded_build(string name)
    {
        var (input, options) = name switch
        {
            "day" => (_inputs.Day, Array.Empty<string>()),
            "day-rolling" => (_inputs.Day, ["--rolling", "1h", "--step", "15m"]),
            "chaos" => (_inputs.Chaos, []),
            "chaos-rolling" => (_inputs.Chaos, ["--rolling", "15m", "--step", "1m"]),
            "anonymous-bank" => (Path.Combine(AppContext.BaseDirectory, "samples", "anonymous-bank-one-day.jsonl"), []),
            "anonymous-bank-rolling" => (Path.Combine(AppContext.BaseDirectory, "samples", "anonymous-bank-one-day.jsonl"), ["--rolling", "15m", "--step", "1m"]),
            _ => (ScenarioFiles.Events(name["scenario-".Length..^"-rolling".Length]), new[] { "--rolling", "15m", "--step", "1m" }),
        };

        var deadLetters = Path.Combine(_inputs.Directory, name + ".dead.jsonl");
        var (exit, output, stderr) = await ReplayHashing([.. options, "--input", input, "--dead-letter", deadLetters]);
        exit.Should().Be(0, stderr);
        var dead = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(deadLetters)));

        Recorded.Should().ContainKey(name, $"record it: [\"{name}\"] = (\"{output}\", \"{dead}\")");
        (output, dead).Should().Be(Recorded[name], $"the recorded output of '{name}' (now [\"{name}\"] = (\"{output}\", \"{dead}\"))");
    }

    private static async Task<(int Exit, string OutputHash, string Stderr)> ReplayHashing(string[] args)
    {
        using var process = CliProcess.Start(["replay", .. args]);
        var stderr = process.StandardError.ReadToEndAsync();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        var stdout = process.StandardOutput.BaseStream;
        int read;
        while ((read = await stdout.ReadAsync(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, Convert.ToHexStringLower(hash.GetHashAndReset()), await stderr);
    }

    /// <summary>The generated inputs, written once per test run.</summary>
    public sealed class Inputs : IDisposable
    {
        public Inputs()
        {
            Directory = System.IO.Directory.CreateTempSubdirectory("callmetrics-golden-").FullName;
            Day = Path.Combine(Directory, "day.jsonl");
            Chaos = Path.Combine(Directory, "chaos.jsonl");
            var watch = Stopwatch.StartNew();
            GoldenInputs.WriteDay(Day);
            GoldenInputs.WriteChaos(Day, Chaos);
            DayEvents = File.ReadLines(Day).LongCount();
            Console.WriteLine($"golden inputs: {DayEvents} events in the day, written in {watch.Elapsed.TotalSeconds:F1} s");
        }

        public string Directory { get; }

        public string Day { get; }

        public string Chaos { get; }

        public long DayEvents { get; }

        public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
    }
}
