using System.CommandLine;

namespace CallMetrics.Commands;

/// <summary>What every command runs against: the console streams and the wall clock (tests pass their own).</summary>
/// <param name="Stdout">Where results go.</param>
/// <param name="Stderr">Where errors, summaries and progress go.</param>
/// <param name="Time">The wall clock (pacing, lag); never event time.</param>
internal sealed record CommandContext(TextWriter Stdout, TextWriter Stderr, TimeProvider Time)
{
    /// <summary>Writes <c>callmetrics COMMAND: MESSAGE</c> as the one line of a usage error and returns its exit status.</summary>
    public async Task<int> UsageErrorAsync(Command command, string message)
    {
        await Stderr.WriteLineAsync($"{CommandLine.PathOf(command)}: {message}").ConfigureAwait(false);
        return CommandLine.UsageError;
    }
}
