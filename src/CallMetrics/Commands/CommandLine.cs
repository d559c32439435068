namespace CallMetrics.Commands;

/// <summary>Dispatches <c>callmetrics COMMAND [options]</c> to the command that runs it.</summary>
internal static class CommandLine
{
    public const string Usage = """
        usage: callmetrics <command> [options]

        commands:
          run         the live service: Kafka in, InfluxDB out, /healthz and /readyz
          replay      compute metrics from a file of canonical events (JSON Lines) and print line protocol
          simulate    a simulated contact center: canonical events to a file, stdout or Kafka (--kafka)
          convert     translate an Asterisk queue_log or Amazon Connect agent event stream into canonical events
          import-anonymous-bank  translate the Anonymous Bank call log (CSV) into canonical events
          dev-broker  a local Kafka-protocol broker (librdkafka's mock cluster) for demos and tests
          help        this text

        run 'callmetrics <command> --help' for the options of a command.
        """;

    /// <summary>Runs the command named by the first argument and returns the process exit status.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Length == 0)
        {
            await stderr.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        var rest = args[1..];
        if ((rest is ["--help"] or ["-h"]) && (args[0] is "replay" or "run"))
        {
            await stdout.WriteLineAsync(CommandUsage(args[0])).ConfigureAwait(false);
            return 0;
        }

        switch (args[0])
        {
            case "run":
                return await RunCommand.RunAsync(rest, stdout, stderr, cancellationToken).ConfigureAwait(false);
            case "dev-broker":
                return await Kafka.DevBrokerCommand.RunAsync(rest, stdout, stderr, cancellationToken).ConfigureAwait(false);
            case "simulate":
                return await SimulateToKafka.RunAsync(rest, stdout, stderr, cancellationToken).ConfigureAwait(false);
            case "convert":
                return await ConvertCommand.RunAsync(rest, stdout, stderr, cancellationToken).ConfigureAwait(false);
            case "import-anonymous-bank":
                return await Inputs.AnonymousBank.ImportAnonymousBankCommand.RunAsync(rest, stdout, stderr, cancellationToken).ConfigureAwait(false);
            case "replay":
                return await ReplayCommand.RunAsync(rest, stdout, stderr, cancellationToken).ConfigureAwait(false);
            case "help" or "--help" or "-h":
                await stdout.WriteLineAsync(Usage).ConfigureAwait(false);
                return 0;
            default:
                await stderr.WriteLineAsync($"callmetrics: unknown command '{args[0]}' (try 'callmetrics help')").ConfigureAwait(false);
                return 2;
        }
    }

    private static string CommandUsage(string command) => command switch
    {
        "replay" => ReplayCommand.Usage,
        "run" => RunCommand.Usage,
        _ => Usage,
    };
}
