using System.CommandLine;
using CallMetrics.Inputs;

namespace CallMetrics.Commands;

/// <summary>The options of <c>callmetrics convert</c> and how they become <see cref="ConvertArguments"/>.</summary>
internal static class ConvertDefinition
{
    /// <summary>The command, running <see cref="ConvertCommand.RunAsync"/>.</summary>
    public static Command Create(CommandContext context)
    {
        var command = new Command("convert", "Translate an Asterisk queue_log or Amazon Connect agent event stream into canonical events (JSON Lines).");
        var format = command.Declare(CommandOptions.Text("--format", string.Join('|', EventTranslators.Formats), "the input's format"));
        format.Required = true;
        var input = command.Declare(CommandOptions.Text("--input", "FILE|-", "the telephony log: a file, or - for standard input"));
        input.Required = true;
        var output = command.Declare(CommandOptions.Text("--output", "FILE|-", "where canonical events go (default standard output)"));
        var deadLetter = command.Declare(CommandOptions.Text("--dead-letter", "FILE", "where untranslatable records go (default standard error)"));
        var translator = new TranslatorDefinition(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!EventTranslators.TryCreate(result.GetValue(format)!, translator.Bind(result), out var eventTranslator, out var error))
            {
                return await context.UsageErrorAsync(command, error!).ConfigureAwait(false);
            }

            var arguments = new ConvertArguments
            {
                Input = result.GetValue(input)!,
                Output = result.GetValue(output),
                DeadLetter = result.GetValue(deadLetter),
                Translator = eventTranslator!,
            };
            return await ConvertCommand.RunAsync(arguments, context.Stdout, context.Stderr, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
