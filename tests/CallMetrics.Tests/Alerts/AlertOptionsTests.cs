using CallMetrics.Alerts;

namespace CallMetrics.Tests.Alerts;

public sealed class AlertOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_deliver_nowhere()
    {
        var options = new AlertOptions();

        options.Validate().Should().BeEmpty();
        options.Webhooks.Should().BeEmpty();
        options.Topic.Should().BeNull();
    }

    [Fact]
    public void A_webhook_that_is_not_an_absolute_http_url_is_named_by_position_without_echoing_it()
    {
        var options = new AlertOptions { Webhooks = { "https://hooks.example/ok", "ftp://files.example/x?token=s3cret", "relative/path" } };

        var errors = options.Validate();

        errors.Should().Equal("CallMetrics:Alerts:Webhooks:1 must be an absolute http or https URL", "CallMetrics:Alerts:Webhooks:2 must be an absolute http or https URL");
        string.Join(" ", errors).Should().NotContain("s3cret");
    }

    [Fact]
    public void Each_bad_number_or_duration_names_its_setting()
    {
        var options = new AlertOptions
        {
            Topic = " ",
            WebhookQueueCapacity = 0,
            WebhookTimeout = TimeSpan.Zero,
            WebhookRetryDelay = TimeSpan.FromSeconds(10),
            WebhookMaxRetryDelay = TimeSpan.FromSeconds(5),
        };

        options.Validate().Should().HaveCount(4).And.Contain(e => e.Contains("Topic")).And.Contain(e => e.Contains("WebhookQueueCapacity"))
            .And.Contain(e => e.Contains("WebhookTimeout")).And.Contain(e => e.Contains("WebhookMaxRetryDelay"));
    }
}
