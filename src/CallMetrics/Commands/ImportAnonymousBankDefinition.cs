using System.CommandLine;
using System.Globalization;
using CallMetrics.Inputs.AnonymousBank;

namespace CallMetrics.Commands;

/// <summary>The options of <c>callmetrics import-anonymous-bank</c> and how they become <see cref="ImportAnonymousBankArguments"/>.</summary>
internal static class ImportAnonymousBankDefinition
{
    /// <summary>The command, running <see cref="ImportAnonymousBankCommand.RunAsync"/>.</summary>
    public static Command Create(CommandContext context)
    {
        var command = new Command("import-anonymous-bank", "Translate the Anonymous Bank call log (CSV) into canonical events (JSON Lines).");
        var input = command.Declare(CommandOptions.Text("--input", "CSV", "the call log"));
        input.Required = true;
        var date = command.Declare(new Option<DateOnly?>("--date")
        {
            Description = $"the date (UTC) the file's times of day are placed on (default {AnonymousBankDefaults.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})",
            HelpName = "yyyy-MM-dd",
            CustomParser = result =>
            {
                var text = CommandOptions.Token(result);
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
                {
                    return value;
                }

                result.AddError($"option --date: '{text}' is not a date (yyyy-MM-dd)");
                return null;
            },
        });
        var wrap = command.Declare(CommandOptions.Duration("--wrap", AnonymousBankDefaults.Wrap, "after-call work after every answered call (0: no wrap.ended)"));
        var output = command.Declare(CommandOptions.Text("--output", "FILE|-", "where the events go (default - : standard output)"));
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = new AnonymousBankOptions { Date = result.GetValue(date) ?? AnonymousBankDefaults.Date, Wrap = result.GetValue(wrap) };
            if (!options.TryValidate(out var invalid))
            {
                return await context.UsageErrorAsync(command, invalid).ConfigureAwait(false);
            }

            var arguments = new ImportAnonymousBankArguments { Input = result.GetValue(input)!, Output = result.GetValue(output) ?? "-", Options = options };
            return await ImportAnonymousBankCommand.RunAsync(arguments, context.Stdout, context.Stderr, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
