using System.CommandLine;
using System.CommandLine.Parsing;

namespace CallMetrics.Commands;

/// <summary>
/// The options of <c>callmetrics run</c> and how they become <see cref="RunArguments"/>. Besides its options, <c>run</c>
/// takes configuration settings, <c>--Section:Key=value</c> or <c>--Section:Key value</c>: they are not options but
/// go to the host's configuration as they are (the key has a <c>:</c>; anything else that looks like an option is
/// an unknown option).
/// </summary>
internal static class RunDefinition
{
    /// <summary>The command, running <see cref="RunCommand.RunAsync"/>.</summary>
    public static Command Create(CommandContext context)
    {
        var command = new Command(
            "run",
            "The live service: Kafka in, InfluxDB out, the wallboard, /metrics, /healthz and /readyz. The additional arguments are "
            + "configuration settings, --Section:Key=value (docs/CONFIGURATION.md), e.g. --CallMetrics:Kafka:BootstrapServers=127.0.0.1:9092.")
        {
            // The settings are unmatched tokens, checked below.
            TreatUnmatchedTokensAsErrors = false,
        };
        var urls = command.Declare(CommandOptions.Text("--urls", "URL[;URL]", $"where the service listens (default {RunCommand.DefaultUrl})"));
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!TrySettings(result.UnmatchedTokens, out var hostArguments, out var error))
            {
                return await context.UsageErrorAsync(command, error).ConfigureAwait(false);
            }

            if (result.GetValue(urls) is { } listen)
            {
                hostArguments.Add($"--urls={listen}");
            }

            return await RunCommand.RunAsync(new RunArguments { HostArguments = hostArguments }, context.Stdout, context.Stderr, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Checks that every token is a setting (<c>--Section:Key=value</c>, or <c>--Section:Key</c> then its value).</summary>
    internal static bool TrySettings(IReadOnlyList<string> tokens, out List<string> settings, out string error)
    {
        settings = [];
        error = string.Empty;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!token.StartsWith('-'))
            {
                error = $"unexpected argument '{token}' (settings are --Section:Key=value)";
                return false;
            }

            var equals = token.IndexOf('=', StringComparison.Ordinal);
            var key = (equals < 0 ? token : token[..equals]).TrimStart('-');
            if (!key.Contains(':', StringComparison.Ordinal) || key.StartsWith(':') || key.EndsWith(':'))
            {
                error = $"unknown option '{(equals < 0 ? token : token[..equals])}'";
                return false;
            }

            settings.Add(token);
            if (equals < 0)
            {
                if (i + 1 >= tokens.Count || tokens[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    error = $"setting {token} needs a value";
                    return false;
                }

                settings.Add(tokens[++i]);
            }
        }

        return true;
    }
}
