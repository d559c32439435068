using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace CallMetrics.Tests.Support;

/// <summary>
/// The process of a real server a test starts on 127.0.0.1 (influxd, victoria-metrics): launched with its output
/// captured, waited for until a health URL answers, stopped gracefully (TERM) or like a crash, frozen and thawed
/// with signals. Killed when the test process exits, whatever happened to the test.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly string _program;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputLock = new();
    private Process? _process;

    /// <param name="program">The executable, found on PATH (installed by scripts/install-deps.sh).</param>
    public ServerProcess(string program)
    {
        _program = program;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>True while the process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Everything the server printed so far, over all its starts.</summary>
    public string Output
    {
        get
        {
            lock (_outputLock)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the program with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
    public void Launch(IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(_program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"{_program} did not start; run scripts/install-deps.sh");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>Polls <paramref name="health"/> until it answers <paramref name="ready"/>; fails if the process exits or 30 s pass.</summary>
    /// <exception cref="InvalidOperationException">The process exited during start-up (a port taken, a bad config).</exception>
    public async Task WaitUntilReadyAsync(HttpClient http, Uri health, HttpStatusCode ready, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < ReadyTimeout)
        {
            if (_process is null || _process.HasExited)
            {
                throw new InvalidOperationException($"{_program} exited during start-up:\n{Output}");
            }

            try
            {
                using HttpResponseMessage response = await http.GetAsync(health, cancellationToken);
                if (response.StatusCode == ready)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25), cancellationToken);
        }

        throw new TimeoutException($"{_program} did not answer {health} within {ReadyTimeout}:\n{Output}");
    }

    /// <summary>Stops the process: with TERM first (up to 15 s) when <paramref name="graceful"/>, else killed at once.</summary>
    public void Stop(bool graceful)
    {
        Process? process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        try
        {
            if (graceful && !process.HasExited)
            {
                Signal(process, "TERM");
                process.WaitForExit(TimeSpan.FromSeconds(15));
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>Sends a signal (STOP, CONT, ...) to the running process.</summary>
    public void Signal(string signal) => Signal(_process ?? throw new InvalidOperationException($"{_program} is not running."), signal);

    /// <summary>Kills the process.</summary>
    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        Stop(graceful: false);
    }

    private static void Signal(Process process, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, process.Id.ToString(CultureInfo.InvariantCulture) } })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {process.Id} failed with {kill.ExitCode}.");
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _output.AppendLine(line);
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => Stop(graceful: false);
}
