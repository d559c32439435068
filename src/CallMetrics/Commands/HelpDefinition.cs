using System.CommandLine;

namespace CallMetrics.Commands;

/// <summary><c>callmetrics help [COMMAND]</c>: the same text as <c>callmetrics [COMMAND] --help</c>.</summary>
internal static class HelpDefinition
{
    /// <summary>The command; <paramref name="root"/> is the tree whose help it prints.</summary>
    public static Command Create(CommandContext context, Command root)
    {
        var command = new Command("help", "Show the commands, or the options of one command.");
        var name = new Argument<string?>("command")
        {
            Description = "the command to describe",
            Arity = ArgumentArity.ZeroOrOne,
        };
        name.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && result.Tokens[0].Value.StartsWith('-'))
            {
                result.AddError($"unknown option '{result.Tokens[0].Value}'");
            }
        });
        command.Arguments.Add(name);
        command.SetAction(async (result, cancellationToken) =>
        {
            var about = result.GetValue(name);
            if (about is not null && !root.Subcommands.Any(c => c.Name == about))
            {
                return await context.UsageErrorAsync(command, $"unknown command '{about}'").ConfigureAwait(false);
            }

            string[] args = about is null ? ["--help"] : [about, "--help"];
            return await CommandLine.RunAsync(args, context, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
