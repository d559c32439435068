using System.Diagnostics;

namespace CallMetrics.Tests.Support;

/// <summary>Runs the real <c>callmetrics</c> executable (built beside the tests) as a separate process.</summary>
public static class CliProcess
{
    /// <summary>Path of callmetrics.dll in the test output.</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "callmetrics.dll");

    /// <summary>Starts <c>dotnet callmetrics.dll ARGS</c> with redirected output.</summary>
    public static Process Start(IEnumerable<string> args, IDictionary<string, string?>? environment = null, bool redirectInput = false)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
    }

    /// <summary>Runs to completion (bounded) and returns exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> args, TimeSpan? timeout = null)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
