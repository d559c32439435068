namespace CallMetrics.Commands;

/// <summary>Dispatches <c>callmetrics COMMAND [options]</c> to the command that runs it.</summary>
internal static class CommandLine
{
    /// <summary>Runs the command named by the first argument and returns the process exit status.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stderr);
        _ = stdout;
        _ = cancellationToken;
        stderr.WriteLine("usage: callmetrics <command> [options]");
        return Task.FromResult(2);
    }
}
