using System.Diagnostics;

namespace CallMetrics.Tests.EndToEnd;

/// <summary>The <c>docker</c> command line, for the optional run against real Kafka and InfluxDB 2 containers.</summary>
internal static class Docker
{
    /// <summary>True when <c>docker info</c> succeeds: a CLI and a reachable, working engine.</summary>
    public static async Task<bool> IsAvailableAsync()
    {
        try
        {
            var (exitCode, _) = await RunAsync(["info"], TimeSpan.FromSeconds(20));
            return exitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no docker executable
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Runs <c>docker ARGS</c> (bounded) and returns the exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(info) ?? throw new InvalidOperationException("could not start docker");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"docker {string.Join(' ', info.ArgumentList)} took longer than {timeout}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
