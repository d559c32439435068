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
    /// <c>kind=state</c> lines added. Every case was recorded again when the KPIs of METRICS.md "Outcomes, repeat
    /// contacts, distributions, call types" were added: against the earlier output, with the new fields and measurements
    /// stripped, the output is byte-identical; and the chaos dead letters when late came to be decided before duplicate
    /// (copies behind the watermark are late, not duplicates).
    /// </remarks>
    private static readonly Dictionary<string, (string Output, string DeadLetters)> Recorded = new()
    {
        ["anonymous-bank"] = ("8e606f97188bf2fd2ddd1d5458dd3894e82fa3d39f0d781ae601cded5a1b036c", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ["anonymous-bank-rolling"] = ("f2b693d67b93d752d7dd3930a0ae31c4bf57bf5c5674c82974aab07e54d811ba", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ["chaos"] = ("3d696743c024716c934c4f892fd6c1576f6c3dce149750d6c00e31e56b69856a", "9dfcc36762212a373c81e17f23e0a1b7a51e1d83130e10f344866507ae587e50"),
        ["chaos-rolling"] = ("33247f780cb9f9c63745b2317beb625e02c81eddd40c2efe94aeeb34211c5edc", "9dfcc36762212a373c81e17f23e0a1b7a51e1d83130e10f344866507ae587e50"),
        ["day"] = ("153c525d236ed9ddcb8cfe1627fa4842a2f72c0bc69f77f8e1a2d34471b34b9e", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ["day-rolling"] = ("61844887908bd042e9fbd2659a5054423ec59da8f6ffc83b19ae0f9d2e7d99dd", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ["scenario-abandons-and-service-level-rolling"] = ("657e6a6084dc4d5ada0aeafe14203bb22ef9e2e2ec311e13fc6ed8393489d713", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ["scenario-basic-call-rolling"] = ("7315e6f065c766fbbaa77b9c2ca5436ae907fa8e448bd8e9411d87a5dae0c48d", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ["scenario-interval-boundary-rolling"] = ("afa4dd0d59c3c5fb6d1112d05384b39f91f4aaa743582cd0b90c35b7f78184e1", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ["scenario-transfer-and-hold-rolling"] = ("3ad23a1425e64b19f7d05dbab03f0469688bc9cb6e35d2b672ff19ab82d758a5", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ["scenario-outcomes-and-distributions-rolling"] = ("0424d5b9f7aacb3ff979c06e66489d0b152b479958a147dd724ba5278e35811d", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ["scenario-repeat-contacts-rolling"] = ("64338f1036524500c28ce4008643da8679f2789c89aec94568011af49886734b", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
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
