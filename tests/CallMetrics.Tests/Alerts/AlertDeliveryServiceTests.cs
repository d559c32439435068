using System.Diagnostics;
using System.Text;
using CallMetrics.Alerts;
using CallMetrics.Commands;
using CallMetrics.Tests.Kafka;
using CallMetrics.Tests.Support;
using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallMetrics.Tests.Alerts;

/// <summary>
/// Alert delivery as <c>callmetrics run</c> configures it from <c>CallMetrics:Alerts</c>: a change published through
/// <see cref="IAlertChanges"/> reaches the webhooks, the Kafka topic (on the mock cluster) and <c>/api/v1/alerts</c>.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class AlertDeliveryServiceTests(MockKafkaClusterFixture kafka)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_published_change_reaches_every_configured_webhook_the_topic_and_the_endpoint()
    {
        await using var first = await WebhookReceiver.StartAsync(_ => 200);
        await using var second = await WebhookReceiver.StartAsync(attempt => attempt == 1 ? 500 : 204);
        await using var influx = await InfluxServer.StartNewAsync();
        var input = kafka.CreateTopic("alerting-input", partitions: 1);
        kafka.Cluster.CreateTopic(input + "-dead-letter", 1);
        var alerts = kafka.CreateTopic("alerts", partitions: 2);
        var app = RunCommand.Build(
        [
            "--urls", "http://127.0.0.1:0",
            $"--CallMetrics:Kafka:BootstrapServers={kafka.BootstrapServers}",
            $"--CallMetrics:Kafka:Topics:0={input}",
            $"--CallMetrics:Kafka:DeadLetterTopic={input}-dead-letter",
            $"--CallMetrics:Kafka:GroupId={MockKafkaClusterFixture.NewGroupId("alerting")}",
            $"--CallMetrics:Influx:Url={influx.Url}",
            $"--CallMetrics:Alerts:Webhooks:0={first.Url}",
            $"--CallMetrics:Alerts:Webhooks:1={second.Url}",
            $"--CallMetrics:Alerts:Topic={alerts}",
            "--CallMetrics:Alerts:WebhookRetryDelay=50ms",
        ]);
        await using var _ = app;
        await app.StartAsync();

        app.Services.GetRequiredService<IAlertChanges>().Publish(Some.Firing());

        var json = Encoding.UTF8.GetString(AlertJson.Serialize(Some.Firing()));
        await Eventually.WaitUntilAsync(() => !first.Bodies.IsEmpty && second.Bodies.Count == 2, Patience, "both webhooks have the change, the second after a retry");
        first.Bodies.Should().Equal(json);
        second.Bodies.Should().Equal(json, json);
        ReadOne(alerts).Should().Be(("long-wait;queue=sales;tenant=default", json));
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        (await http.GetStringAsync("/api/v1/alerts")).Should().Be("{\"alerts\":[" + json + "]}");
        await app.StopAsync();
    }

    [Fact]
    public void A_webhook_that_is_not_an_http_url_stops_the_start_naming_the_setting()
    {
        var build = () => RunCommand.Build(
        [
            "--urls", "http://127.0.0.1:0",
            $"--CallMetrics:Kafka:BootstrapServers={kafka.BootstrapServers}",
            "--CallMetrics:Kafka:Topics:0=unused",
            "--CallMetrics:Alerts:Webhooks:0=mailto:ops@example.com",
        ]);

        build.Should().Throw<InvalidOperationException>().WithMessage("*CallMetrics:Alerts:Webhooks:0 must be an absolute http or https URL*");
    }

    private (string Key, string Value) ReadOne(string topic)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = MockKafkaClusterFixture.NewGroupId("alerts-reader"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < Patience)
        {
            if (consumer.Consume(TimeSpan.FromSeconds(1)) is { } result)
            {
                consumer.Close();
                return (result.Message.Key, result.Message.Value);
            }
        }

        throw new TimeoutException("no alert on " + topic);
    }
}
