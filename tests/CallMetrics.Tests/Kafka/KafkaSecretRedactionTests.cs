using CallMetrics.Kafka;

namespace CallMetrics.Tests.Kafka;

public sealed class KafkaSecretRedactionTests
{
    private const string Secret = "hunter2-very-secret";

    // librdkafka quotes a refused value in its error; here the refused value is also the password.
    private static KafkaOptions WithRefusedSecret() => new()
    {
        BootstrapServers = "127.0.0.1:1",
        Properties =
        {
            ["sasl.password"] = Secret,
            ["ssl.endpoint.identification.algorithm"] = Secret,
        },
    };

    [Fact]
    public void EventSource_RefusedConfiguration_ErrorDoesNotContainTheSecret()
    {
        using KafkaEventSource source = new(WithRefusedSecret(), System.Threading.Channels.Channel.CreateBounded<KafkaRecordBatch>(1).Writer);

        Action run = () => source.RunAsync(CancellationToken.None);

        run.Should().Throw<Exception>().Which.ToString().Should().NotContain(Secret).And.Contain("***");
    }

    [Fact]
    public void Producer_RefusedConfiguration_ErrorDoesNotContainTheSecret()
    {
        Action create = () => new KafkaEventProducer(WithRefusedSecret()).Dispose();

        create.Should().Throw<Exception>().Which.ToString().Should().NotContain(Secret).And.Contain("***");
    }

    [Fact]
    public void DeadLetterPublisher_RefusedConfiguration_ErrorDoesNotContainTheSecret()
    {
        Action create = () => new KafkaDeadLetterPublisher(WithRefusedSecret()).Dispose();

        create.Should().Throw<Exception>().Which.ToString().Should().NotContain(Secret).And.Contain("***");
    }
}
