using System.Text;
using CallMetrics.Alerts;
using CallMetrics.Tests.Kafka;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallMetrics.Tests.Alerts;

/// <summary>Webhook delivery against real HTTP listeners on 127.0.0.1.</summary>
public sealed class AlertWebhooksTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http = new(new SocketsHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };

    [Fact]
    public async Task Each_change_is_posted_as_the_spec_json_object_in_order()
    {
        await using var receiver = await WebhookReceiver.StartAsync(_ => 200);
        await using var webhooks = await StartAsync(Options(receiver));

        webhooks.Accept(Some.Firing());
        webhooks.Accept(Some.Resolved());
        await Eventually.WaitUntilAsync(() => webhooks.Webhooks[0].Delivered == 2, Patience, "both changes are delivered");

        receiver.Bodies.Should().Equal(Encoding.UTF8.GetString(AlertJson.Serialize(Some.Firing())), Encoding.UTF8.GetString(AlertJson.Serialize(Some.Resolved())));
        receiver.ContentTypes.Should().AllSatisfy(t => t.Should().StartWith("application/json"));
        webhooks.Webhooks[0].Name.Should().NotContain("secret-token", "logs name a webhook by its host only");
    }

    [Fact]
    public async Task A_webhook_that_fails_twice_then_succeeds_gets_the_change_on_the_third_attempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync(attempt => attempt <= 2 ? 503 : 200);
        await using var webhooks = await StartAsync(Options(receiver));

        webhooks.Accept(Some.Firing());
        await Eventually.WaitUntilAsync(() => webhooks.Webhooks[0].Delivered == 1, Patience, "the change is delivered");

        receiver.Attempts.Should().Be(3);
        receiver.Bodies.Distinct().Should().ContainSingle("every attempt posts the same change");
        webhooks.Webhooks[0].Retries.Should().Be(2);
        webhooks.Failed.Should().Be(0);
    }

    [Fact]
    public async Task A_webhook_that_is_down_then_up_receives_every_change_in_order()
    {
        // A port with nothing listening: every attempt is refused at the connection until the receiver starts there.
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        var url = new Uri($"http://127.0.0.1:{port}/hooks/secret-token");
        var options = new AlertOptions
        {
            Webhooks = { url.ToString() },
            WebhookTimeout = TimeSpan.FromSeconds(10),
            WebhookRetryDelay = TimeSpan.FromMilliseconds(20),
            WebhookMaxRetryDelay = TimeSpan.FromMilliseconds(200),
        };
        await using var webhooks = await StartAsync(options);
        var changes = Enumerable.Range(0, 20).Select(i => Some.Firing(queue: "q" + i)).ToList();
        foreach (var change in changes)
        {
            webhooks.Accept(change);
        }

        // Well past any fixed number of retries the old delivery gave up after.
        await Eventually.WaitUntilAsync(() => webhooks.Webhooks[0].Retries >= 10, Patience, "the first change is retried while the webhook is down");
        webhooks.Webhooks[0].Delivered.Should().Be(0);

        await using var receiver = await WebhookReceiver.StartAsync(_ => 200, port);
        await Eventually.WaitUntilAsync(() => webhooks.Webhooks[0].Delivered == changes.Count, Patience, "every change is delivered once the webhook is up");

        receiver.Bodies.Should().Equal(changes.Select(c => Encoding.UTF8.GetString(AlertJson.Serialize(c))), "in order, none lost, none twice");
        webhooks.Failed.Should().Be(0);
        webhooks.Dropped.Should().Be(0);
    }

    [Fact]
    public async Task A_webhook_answering_503_keeps_getting_the_change_until_it_takes_it_and_the_next_follows()
    {
        await using var receiver = await WebhookReceiver.StartAsync(attempt => attempt <= 12 ? 503 : 200);
        await using var webhooks = await StartAsync(Options(receiver));

        webhooks.Accept(Some.Firing());
        webhooks.Accept(Some.Resolved());
        await Eventually.WaitUntilAsync(() => webhooks.Webhooks[0].Delivered == 2, Patience, "both changes are delivered");

        receiver.Attempts.Should().Be(14, "twelve refusals of the first change, then each delivered once");
        receiver.Bodies.Skip(12).Should().Equal(Encoding.UTF8.GetString(AlertJson.Serialize(Some.Firing())), Encoding.UTF8.GetString(AlertJson.Serialize(Some.Resolved())));
        webhooks.Failed.Should().Be(0);
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        await using var receiver = await WebhookReceiver.StartAsync(_ => 404);
        await using var webhooks = await StartAsync(Options(receiver));

        webhooks.Accept(Some.Firing());
        webhooks.Accept(Some.Resolved());
        await Eventually.WaitUntilAsync(() => webhooks.Failed == 2, Patience, "both changes are refused");

        receiver.Attempts.Should().Be(2, "a refusal is final: each change is posted once and the next follows");
    }

    [Fact]
    public async Task A_webhook_that_hangs_neither_blocks_the_others_nor_the_publisher_and_its_full_queue_drops_and_counts()
    {
        await using var hanging = await WebhookReceiver.StartAsync(_ => WebhookReceiver.Hang);
        await using var healthy = await WebhookReceiver.StartAsync(_ => 200);
        var options = new AlertOptions
        {
            Webhooks = { hanging.Url.ToString(), healthy.Url.ToString() },
            WebhookQueueCapacity = 2,
            WebhookTimeout = TimeSpan.FromMinutes(5),
            WebhookRetryDelay = TimeSpan.FromMilliseconds(20),
        };
        await using var webhooks = await StartAsync(options);

        webhooks.Accept(Some.Firing(queue: "q0"));
        await Eventually.WaitUntilAsync(() => hanging.Attempts == 1, Patience, "the hanging webhook holds the first change");
        for (var i = 1; i <= 4; i++)
        {
            // One at a time, so the healthy webhook's own small queue never fills.
            webhooks.Accept(Some.Firing(queue: "q" + i));
            var delivered = i + 1;
            await Eventually.WaitUntilAsync(() => webhooks.Webhooks[1].Delivered == delivered, Patience, $"the healthy webhook gets change {delivered}");
        }

        webhooks.Webhooks[0].Dropped.Should().Be(2, "one change is in flight, two wait, the last two find the queue full");
        webhooks.Webhooks[1].Dropped.Should().Be(0);
        webhooks.Dropped.Should().Be(2);
        healthy.Bodies.Select(b => System.Text.Json.JsonDocument.Parse(b).RootElement.GetProperty("tags").GetProperty("queue").GetString())
            .Should().Equal("q0", "q1", "q2", "q3", "q4");
    }

    public void Dispose() => _http.Dispose();

    private static AlertOptions Options(WebhookReceiver receiver) => new()
    {
        Webhooks = { receiver.Url.ToString() },
        WebhookTimeout = TimeSpan.FromSeconds(10),
        WebhookRetryDelay = TimeSpan.FromMilliseconds(20),
        WebhookMaxRetryDelay = TimeSpan.FromMilliseconds(100),
    };

    private async Task<Running> StartAsync(AlertOptions options)
    {
        options.Validate().Should().BeEmpty();
        var webhooks = new AlertWebhooks(options, _http, TimeProvider.System, NullLogger<AlertWebhooks>.Instance);
        await webhooks.StartAsync(CancellationToken.None);
        return new Running(webhooks);
    }

    /// <summary>The webhooks, stopped at the end of the test.</summary>
    private sealed class Running(AlertWebhooks webhooks) : IAsyncDisposable
    {
        public IReadOnlyList<AlertWebhook> Webhooks => webhooks.Webhooks;

        public long Dropped => webhooks.Dropped;

        public long Failed => webhooks.Failed;

        public void Accept(AlertChange change) => webhooks.Accept(change);

        public async ValueTask DisposeAsync()
        {
            await webhooks.StopAsync(CancellationToken.None);
            webhooks.Dispose();
        }
    }
}
