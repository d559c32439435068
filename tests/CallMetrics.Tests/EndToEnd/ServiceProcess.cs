using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CallMetrics.Tests.Support;

namespace CallMetrics.Tests.EndToEnd;

/// <summary>
/// The live service as a real separate process, <c>dotnet callmetrics.dll run</c>, configured by environment variables,
/// on a free port of 127.0.0.1. Its standard output and error are kept for the test output; Dispose kills it.
/// </summary>
internal sealed class ServiceProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputLock = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private ServiceProcess(IDictionary<string, string?> environment)
    {
        Port = FreePort();
        _process = CliProcess.Start(["run", "--urls", Url], environment);
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the service printed so far.</summary>
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

    /// <summary>Starts the service and waits (bounded) until <c>/healthz</c> answers.</summary>
    public static async Task<ServiceProcess> StartAsync(IDictionary<string, string?> environment)
    {
        var service = new ServiceProcess(environment);
        try
        {
            await service.WaitUntilHealthyAsync();
            return service;
        }
        catch
        {
            service.Dispose();
            throw;
        }
    }

    /// <summary>The resident set size of the process (<c>VmRSS</c> of <c>/proc/PID/status</c>), in bytes.</summary>
    public long ResidentBytes()
    {
        foreach (string line in File.ReadLines($"/proc/{ProcessId.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                string kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"no VmRSS for process {ProcessId}");
    }

    /// <summary>Kills the process at once (SIGKILL): no shutdown, no flush, no final checkpoint.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit(TimeSpan.FromSeconds(10));
    }

    /// <summary>Freezes the process (SIGSTOP), like a long GC pause or a starved CPU; its wall clock keeps running.</summary>
    public void Pause() => Signal("STOP");

    /// <summary>Lets a <see cref="Pause"/>d process run again (SIGCONT).</summary>
    public void Resume() => Signal("CONT");

    /// <summary>Throws, with the service's output, when the process has exited.</summary>
    public void ThrowIfExited()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"the service exited with {_process.ExitCode}:\n{Output}");
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        _http.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilHealthyAsync()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            ThrowIfExited();
            try
            {
                using HttpResponseMessage response = await _http.GetAsync(new Uri(Url + "/healthz"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow start on a busy machine.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        throw new TimeoutException($"the service did not answer /healthz within {StartTimeout}:\n{Output}");
    }

    private void Signal(string signal)
    {
        using Process kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, ProcessId.ToString(CultureInfo.InvariantCulture) } })!;
        kill.WaitForExit();
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
}
