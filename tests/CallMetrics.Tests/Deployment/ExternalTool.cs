using System.Diagnostics;

namespace CallMetrics.Tests.Deployment;

/// <summary>Runs command-line tools (yamllint, shellcheck, helm, docker) from the repository root.</summary>
public static class ExternalTool
{
    /// <summary>The full path of <paramref name="name"/> on PATH, or null (like <c>which</c>).</summary>
    public static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    /// <summary>Runs <paramref name="tool"/> with <paramref name="args"/> and returns its exit code and combined output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(tool)
        {
            WorkingDirectory = RepositoryFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {tool}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish in time");
        }

        return (process.ExitCode, (await stdout) + (await stderr));
    }

    /// <summary>Whether a Docker engine answers (<c>docker info</c>), with the reason when not.</summary>
    public static async Task<(bool Available, string Reason)> DockerEngineAsync()
    {
        if (Which("docker") is null)
        {
            return (false, "no docker CLI here");
        }

        (int code, _) = await RunAsync("docker", ["info"], TimeSpan.FromSeconds(30));
        return code == 0 ? (true, string.Empty) : (false, "no Docker engine here (docker info failed)");
    }

    /// <summary>Whether the Compose plugin is installed (<c>docker compose version</c>; it needs no engine to check a file).</summary>
    public static async Task<(bool Available, string Reason)> DockerComposeAsync()
    {
        if (Which("docker") is null)
        {
            return (false, "no docker CLI here");
        }

        (int code, _) = await RunAsync("docker", ["compose", "version"], TimeSpan.FromSeconds(30));
        return code == 0 ? (true, string.Empty) : (false, "no Docker Compose plugin here (docker compose version failed)");
    }
}
