using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using CallMetrics.Tests.Support;

namespace CallMetrics.Tests.ScaleOut;

/// <summary>One <c>callmetrics run</c> process of the scale-out test: its port, its log, and SIGKILL.</summary>
internal sealed class ServiceInstance : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServiceInstance(string name, int port, Process process)
    {
        Name = name;
        Port = port;
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Port { get; }

    public bool HasExited => _process.HasExited;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static ServiceInstance Start(string name, IDictionary<string, string?> environment)
    {
        var port = FreePort();
        var process = CliProcess.Start(["run", "--urls", $"http://127.0.0.1:{port}"], environment);
        return new ServiceInstance(name, port, process);
    }

    /// <summary>Whether <c>/readyz</c> says the instance consumes partitions of the repartition topic.</summary>
    public async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{Port}/readyz"));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL: no graceful stop, no final checkpoint, no leaving the group.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    /// <summary>SIGTERM: a graceful stop; waits for the process to exit and returns its exit code.</summary>
    public int Stop(TimeSpan timeout)
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!)
        {
            kill.WaitForExit();
        }

        if (!_process.WaitForExit(timeout))
        {
            throw new TimeoutException($"instance {Name} did not stop within {timeout} of SIGTERM");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
