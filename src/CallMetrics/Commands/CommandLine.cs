using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;

namespace CallMetrics.Commands;

/// <summary>
/// <c>callmetrics COMMAND [options]</c>: one System.CommandLine grammar for every command (<c>--x y</c> and
/// <c>--x=y</c>, <c>--help</c> everywhere). A usage error (unknown option, missing value, bad value) is one line on
/// standard error and exit status 2; otherwise the command's own status.
/// </summary>
internal static class CommandLine
{
    /// <summary>The name of the executable, first in every usage and error line.</summary>
    public const string Name = "callmetrics";

    /// <summary>Exit status of a usage error.</summary>
    public const int UsageError = 2;

    /// <summary>Runs the command named by the first argument against the real wall clock.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        RunAsync(args, new CommandContext(stdout, stderr, TimeProvider.System), cancellationToken);

    /// <summary>Runs the command named by the first argument and returns the process exit status.</summary>
    public static async Task<int> RunAsync(string[] args, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var root = Root(context);
        var result = root.Parse(args);
        if (ErrorOf(result, root) is { } error)
        {
            return await context.UsageErrorAsync(result.CommandResult.Command, error).ConfigureAwait(false);
        }

        var invocation = new InvocationConfiguration
        {
            Output = context.Stdout,
            Error = context.Stderr,
            // Exceptions and signals belong to the caller: Program.cs turns SIGINT/SIGTERM into the token.
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        return await result.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The command tree: every command with its options and action.</summary>
    public static Command Root(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var devBroker = DevBrokerDefinition.Create(context);
        var help = new HelpOption();
        help.Action = new HelpWithNotes((HelpAction)help.Action!, new Dictionary<Command, Func<string>> { [devBroker] = DevBrokerDefinition.HelpNote });
        var root = new Command(Name, "Contact-center metrics: Kafka in, metrics per interval and rolling window out, a live wallboard.")
        {
            help,
            RunDefinition.Create(context),
            ReplayDefinition.Create(context),
            SimulateDefinition.Create(context),
            ConvertDefinition.Create(context),
            ImportAnonymousBankDefinition.Create(context),
            devBroker,
        };
        root.Subcommands.Add(HelpDefinition.Create(context, root));
        return root;
    }

    /// <summary>The name of a command as typed, e.g. <c>callmetrics replay</c>.</summary>
    public static string PathOf(Command command) => command.Name == Name ? Name : $"{Name} {command.Name}";

    /// <summary>The one-line message of the first usage error, or null when there is none (or help was asked for).</summary>
    private static string? ErrorOf(ParseResult result, Command root)
    {
        if (result.Action is HelpWithNotes)
        {
            return null;
        }

        // Unknown options first, then bad values, then stray arguments: the most telling message of the line.
        var command = result.CommandResult.Command;
        var unmatched = command.TreatUnmatchedTokensAsErrors ? result.UnmatchedTokens : [];
        if (command == root && unmatched.Count > 0)
        {
            return $"unknown command '{unmatched[0]}' (try '{Name} help')";
        }

        if (unmatched.FirstOrDefault(t => t.StartsWith('-')) is { } option)
        {
            return $"unknown option '{option}'";
        }

        if (result.Errors.FirstOrDefault(e => e.SymbolResult is not CommandResult) is { } valueError)
        {
            return valueError.SymbolResult switch
            {
                OptionResult { Implicit: true, Option: { Required: true } required } => $"option {required.Name} is required",
                OptionResult { Implicit: false, Tokens.Count: 0, Option: var given } when given.Arity.MinimumNumberOfValues > 0 => $"option {given.Name} needs a value",
                _ => valueError.Message,
            };
        }

        if (unmatched.Count > 0)
        {
            return $"unexpected argument '{unmatched[0]}'";
        }

        return result.Errors.Count == 0 ? null
            : command == root ? $"a command is required (try '{Name} help')"
            : result.Errors[0].Message;
    }
}
