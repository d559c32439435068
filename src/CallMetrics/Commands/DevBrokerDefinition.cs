using System.CommandLine;
using System.Globalization;
using CallMetrics.Kafka;

namespace CallMetrics.Commands;

/// <summary>The options of <c>callmetrics dev-broker</c> and how they become <see cref="DevBrokerArguments"/>.</summary>
internal static class DevBrokerDefinition
{
    /// <summary>The command, running <see cref="DevBrokerCommand.RunAsync(DevBrokerArguments, TextWriter, TextWriter, CancellationToken)"/>.</summary>
    public static Command Create(CommandContext context)
    {
        var command = new Command(
            DevBrokerCommand.Name,
            "A local Kafka-protocol broker (librdkafka's mock cluster) for demos and tests; prints its bootstrap servers. In memory: it "
            + MockKafkaCluster.RetentionText + ". Give each topic about one partition per 4 MB it must hold; the broker warns on "
            + "standard error when it drops records.");
        var brokers = command.Declare(CommandOptions.WholeNumber("--brokers", 1, 1, 100, "number of brokers"));
        var topics = command.Declare(new Option<(string Topic, int Partitions)[]>("--topic")
        {
            Description = "create a topic (repeatable; other topics are auto-created with 4 partitions)",
            HelpName = "NAME:PARTITIONS",
            CustomParser = result =>
            {
                var parsed = new List<(string, int)>();
                foreach (var token in result.Tokens)
                {
                    var value = token.Value;
                    var colon = value.LastIndexOf(':');
                    if (colon <= 0
                        || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var partitions)
                        || partitions < 1)
                    {
                        result.AddError($"option --topic: '{value}' is not NAME:PARTITIONS with PARTITIONS at least 1");
                        return [];
                    }

                    parsed.Add((value[..colon], partitions));
                }

                return [.. parsed];
            },
        });
        var portFile = command.Declare(CommandOptions.Text("--port-file", "FILE", "also write the bootstrap servers to FILE (removed on exit)"));
        command.SetAction((result, cancellationToken) => DevBrokerCommand.RunAsync(
            new DevBrokerArguments { Brokers = result.GetValue(brokers), Topics = result.GetValue(topics) ?? [], PortFile = result.GetValue(portFile) },
            context.Stdout,
            context.Stderr,
            cancellationToken));
        return command;
    }

    /// <summary>The last line of the command's help: the librdkafka this process runs on, or why it cannot load it.</summary>
    public static string HelpNote()
    {
        try
        {
            return "It runs on " + KafkaNative.Description + ".";
        }
        catch (DllNotFoundException e)
        {
            return "librdkafka cannot be loaded: " + e.Message;
        }
    }
}
