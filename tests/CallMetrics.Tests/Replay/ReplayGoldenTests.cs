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
    /// Recorded when the percentiles, outcomes, call_type_metrics, fcr_metrics and repeat_calls were added; every field
    /// the previous recording had (main at 27a4452) was checked unchanged, line by line, with those taken out.
    /// </remarks>
    private static readonly Dictionary<string, (string Output, string DeadLetters)> Recorded = new()
    {
        ["anonymous-bank"] = ("8e606f97188bf2fd2ddd1d5458dd3894e82fa3d39f0d781ae601cded5a1b036c", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ["anonymous-bank-rolling"] = ("aa03f36ef49e25372c97e341b6588139a920fc3903b7579498f0b2945ac28672", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ["chaos"] = ("3d696743c024716c934c4f892fd6c1576f6c3dce149750d6c00e31e56b69856a", "9dfcc36762212a373c81e17f23e0a1b7a51e1d83130e10f344866507ae587e50"),
        ["chaos-rolling"] = ("62ccadab89e31458da0726831dd1c7b260565917d5a92b704b7d5c352de519dc", "9dfcc36762212a373c81e17f23e0a1b7a51e1d83130e10f344866507ae587e50"),
        ["day"] = ("153c525d236ed9ddcb8cfe1627fa4842a2f72c0bc69f77f8e1a2d34471b34b9e", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ["day-rolling"] = ("d005bef1b11587649d8845db741ac50682625b0ee23cdcf23d113f2c16a82024", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ["scenario-abandons-and-service-level-rolling"] = ("5c333c9f99aeb8f327ea7a8cbb34d32fa43ef357b731adba62a9bcd63f7c946e", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ["scenario-basic-call-rolling"] = ("d714e8b480ae8ac8810bc90ba4c3240e69952f32695fa492b3be9ec81361edac", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ["scenario-interval-boundary-rolling"] = ("6b7a4f81db0d7160f4a0b68f0a00f05385e0da42a0e1ba370a9ace25452e184d", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ["scenario-live-state-and-alerts-rolling"] = ("a6ab05efc40c14af0ca494fe9a876e9205213c3242da9129ce2e3d8ffb436772", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ["scenario-outcomes-and-distributions-rolling"] = ("3e46a9e4081a0d493af79b7001ae5cd5fb6d21401dd97157e8ea8b7f1e7e7ac5", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ["scenario-repeat-contacts-rolling"] = ("b2298350e8596799af6669b88b82b123fa15fb0e951841c7164feb237b8d814a", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ["scenario-transfer-and-hold-rolling"] = ("f96c6febe98c4ba950eaffe75c4de4eaf7e0ef492e682f217b6d10a3274f12f1", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
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
