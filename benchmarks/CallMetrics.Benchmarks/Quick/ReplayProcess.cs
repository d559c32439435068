using System.Diagnostics;
using System.Globalization;

namespace CallMetrics.Benchmarks.Quick;

/// <summary>
/// Whole-process timing of <c>callmetrics replay</c>: start-up, JIT, reading the file, decoding,
/// aggregating, formatting and writing line protocol (to /dev/null), measured from outside with a
/// Stopwatch around the process. Peak RSS and the process's CPU time (user + system, all its threads)
/// come from <c>/usr/bin/time</c> when it is installed: on a shared machine CPU time moves much less
/// with the neighbours' load than wall time.
/// </summary>
public static class ReplayProcess
{
    /// <summary>The <c>callmetrics</c> app host copied next to this assembly by the project reference.</summary>
    public static string CliPath => Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "callmetrics.exe" : "callmetrics");

    /// <summary>One run: wall seconds, peak resident set in bytes and CPU seconds (0 when unknown).</summary>
    public static (double Seconds, long PeakRssBytes, double CpuSeconds) RunOnce(string inputPath, string? extraArgs = null)
    {
        if (!File.Exists(CliPath))
        {
            throw new FileNotFoundException("callmetrics app host not found next to the benchmarks", CliPath);
        }

        var timeTool = File.Exists("/usr/bin/time") ? "/usr/bin/time" : null;
        var rssFile = Path.GetTempFileName();
        try
        {
            // sh does the redirection so the parent spends no CPU draining the output.
            var command = $"{(timeTool is null ? "" : $"{timeTool} -f '%M %U %S' -o '{rssFile}' ")}'{CliPath}' replay --input '{inputPath}' --quiet {extraArgs} > /dev/null";
            var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardError = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(command);
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start /bin/sh");
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            var seconds = watch.Elapsed.TotalSeconds;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"callmetrics replay exited {process.ExitCode}: {error}");
            }

            long rss = 0;
            double cpu = 0;
            var fields = timeTool is null ? [] : File.ReadAllText(rssFile).Trim().Split('\n')[^1].Split(' ');
            if (fields.Length == 3
                && long.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kib)
                && double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var user)
                && double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var system))
            {
                rss = kib * 1024;
                cpu = user + system;
            }

            return (seconds, rss, cpu);
        }
        finally
        {
            File.Delete(rssFile);
        }
    }

    /// <summary>The median of <paramref name="runs"/> runs after one warm-up run (page cache, disk); CPU seconds are the median too.</summary>
    public static (double MedianSeconds, double MinSeconds, double MaxSeconds, long PeakRssBytes, double MedianCpuSeconds) Measure(string inputPath, int runs, bool warmup = true)
    {
        if (warmup)
        {
            RunOnce(inputPath);
        }

        var samples = new List<(double Seconds, long Rss, double Cpu)>();
        for (var i = 0; i < runs; i++)
        {
            samples.Add(RunOnce(inputPath));
        }

        var cpu = samples.Select(s => s.Cpu).Order().ElementAt(runs / 2);
        samples.Sort();
        return (samples[runs / 2].Seconds, samples[0].Seconds, samples[^1].Seconds, samples.Max(s => s.Rss), cpu);
    }
}
