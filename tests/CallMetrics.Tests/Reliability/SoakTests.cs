using System.Globalization;
using CallMetrics.Tests.Support;
using Xunit.Abstractions;

namespace CallMetrics.Tests.Reliability;

/// <summary>
/// Soak: a long compressed simulation (10,000 agents, several days, a new call id for every call) streamed through
/// the real <c>callmetrics replay</c> process; its resident memory, sampled every second, levels off: it follows
/// open state (agents, calls in progress, the last retention of ids), not the events processed.
/// </summary>
public sealed class SoakTests(ITestOutputHelper output)
{
    /// <summary>
    /// The measured process's GC, fixed: workstation GC with a gen0 budget of 16 MiB both ways. Left to itself the GC
    /// sizes gen0 by allocation rate, so peak RSS follows throughput (a faster decoder allocates faster and raised it
    /// past the bound while the live heap stayed flat); with the budget fixed, what RSS still grows by is what stays
    /// alive: open state, or a leak.
    /// </summary>
    private static readonly Dictionary<string, string?> MeasuredGc = new(StringComparer.Ordinal)
    {
        ["DOTNET_gcServer"] = "0",
        ["DOTNET_GCgen0size"] = "0x1000000",
        ["DOTNET_GCgen0MaxBudget"] = "0x1000000",
    };

    [Fact]
    public async Task Memory_levels_off_over_millions_of_events_with_id_churn()
    {
        using var simulate = CliProcess.Start(["simulate", "--agents", "10000", "--teams", "20", "--queues", "10",
            "--start", "2026-11-01T00:00:00Z", "--duration", "3d", "--seed", "5"]);
        // Bounded horizons (2 h of ids and ended calls, 2 h of pending contacts) so three simulated days show the level,
        // not the first day's growth; with the default 7-day FCR window every contact of a 3-day input is open state.
        using var replay = CliProcess.Start(["replay", "--input", "-", "--retention", "2h", "--dedupe-horizon", "2h", "--fcr-window", "2h"], MeasuredGc, redirectInput: true);
        long pumped = 0;
        var pump = Task.Run(async () =>
        {
            // Counted, so that samples can be placed in event time (the input is three similar simulated days).
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await simulate.StandardOutput.BaseStream.ReadAsync(buffer)) > 0)
            {
                await replay.StandardInput.BaseStream.WriteAsync(buffer.AsMemory(0, read));
                Interlocked.Add(ref pumped, read);
            }

            replay.StandardInput.Close();
        });
        var linesOut = Task.Run(async () =>
        {
            long lines = 0;
            while (await replay.StandardOutput.ReadLineAsync() is not null)
            {
                lines++;
            }

            return lines;
        });
        var summary = replay.StandardError.ReadToEndAsync();

        var samples = new List<long>();
        var inputAt = new List<long>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        while (!replay.HasExited && !timeout.IsCancellationRequested)
        {
            if (Resident(replay.Id) is { } bytes)
            {
                samples.Add(bytes);
                inputAt.Add(Interlocked.Read(ref pumped));
            }

            await Task.Delay(1000);
        }

        await pump;
        await replay.WaitForExitAsync(timeout.Token);
        var lineCount = await linesOut;
        output.WriteLine(await summary);
        output.WriteLine("RSS MB by second: " + string.Join(" ", samples.Select(b => (b >> 20).ToString(CultureInfo.InvariantCulture))));
        output.WriteLine("input MB by second: " + string.Join(" ", inputAt.Select(b => (b >> 20).ToString(CultureInfo.InvariantCulture))));

        replay.ExitCode.Should().Be(0);
        lineCount.Should().BeGreaterThan(100_000);
        (await summary).Should().MatchRegex(@"[0-9]{7,} events accepted", "the soak processes millions of events");
        samples.Should().HaveCountGreaterThan(10, "the run lasts long enough to watch memory");

        // After the first simulated day (the first third of the input, whatever the machine's speed made of the
        // wall-clock time) the working set stays within 30 % of its level then.
        var total = Interlocked.Read(ref pumped);
        var settled = samples.Where((_, i) => inputAt[i] >= total / 3).ToList();
        var level = settled.Take(3).Max();
        settled.Max().Should().BeLessThan((long)(level * 1.3), "memory follows open state, not events processed");
    }

    private static long? Resident(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }
}
