using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CallMetrics.Alerts;
using CallMetrics.Hosting;
using CallMetrics.Http;
using CallMetrics.Tests.Alerts;
using CallMetrics.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallMetrics.Tests.Http;

/// <summary>
/// <c>/api/v1/alerts</c> and the alert metrics of <c>/metrics</c> on a real Kestrel on 127.0.0.1, behind the read-only
/// edge with a token, fed through <see cref="IAlertChanges"/> as the evaluator feeds the service.
/// </summary>
public sealed class AlertEndpointsTests : IAsyncLifetime
{
    private const string Token = "alerts-token";
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    private IAlertChanges Changes => _app.Services.GetRequiredService<IAlertChanges>();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new PipelineState());
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddAlerts(new ConfigurationBuilder().Build());
        builder.Services.AddMetricsEndpoint(builder.Configuration);
        _app = builder.Build();
        _app.UseReadOnlyEdge(Token);
        _app.MapAlertEndpoints();
        _app.MapMetricsEndpoint();
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task The_endpoint_lists_the_firing_alerts_as_spec_objects_and_drops_the_resolved_ones()
    {
        Changes.Publish(Some.Firing(queue: "sales"));
        Changes.Publish(Some.Firing(rule: "low-sl", queue: "support", value: 0.62, minutes: 1));
        Changes.Publish(Some.Firing(queue: "billing", minutes: 2));
        Changes.Publish(Some.Resolved(queue: "billing", minutes: 3));

        using var response = await _client.GetAsync("/api/v1/alerts");
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        body.Should().Be(
            """{"alerts":[{"rule":"long-wait","tags":{"queue":"sales","tenant":"default"},"state":"firing","at":"2026-11-22T09:14:00Z","value":135.5},"""
            + """{"rule":"low-sl","tags":{"queue":"support","tenant":"default"},"state":"firing","at":"2026-11-22T09:15:00Z","value":0.62}]}""");
    }

    [Fact]
    public async Task The_tenant_filter_keeps_the_alerts_of_that_tenant()
    {
        Changes.Publish(Some.Firing(tenant: "acme"));
        Changes.Publish(Some.Firing(tenant: "globex"));

        using var document = JsonDocument.Parse(await _client.GetStringAsync("/api/v1/alerts?tenant=acme"));

        document.RootElement.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("tags").GetProperty("tenant").GetString()).Should().Equal("acme");
    }

    [Fact]
    public async Task The_endpoint_needs_the_token_like_the_other_read_endpoints()
    {
        using var anonymous = new HttpClient { BaseAddress = _client.BaseAddress };

        (await anonymous.GetAsync("/api/v1/alerts")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("/api/v1/alerts?access_token=" + Token)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _client.PostAsync("/api/v1/alerts", null)).StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Metrics_count_the_changes_by_rule_and_state_and_gauge_the_firing_alerts()
    {
        Changes.Publish(Some.Firing(queue: "sales"));
        Changes.Publish(Some.Firing(queue: "support"));
        Changes.Publish(Some.Resolved(queue: "sales"));
        Changes.Publish(Some.Firing(rule: "low-sl", value: 0.5));

        var families = PrometheusText.Parse(await _client.GetStringAsync("/metrics"));

        var changes = families["callmetrics_alert_changes_total"];
        changes.Type.Should().Be("counter");
        changes.Samples.Select(s => (s.Labels["rule"], s.Labels["state"], s.Value)).Should().BeEquivalentTo(
            [("long-wait", "firing", 2.0), ("long-wait", "resolved", 1.0), ("low-sl", "firing", 1.0)]);
        families["callmetrics_alerts_firing"].Type.Should().Be("gauge");
        families["callmetrics_alerts_firing"].Samples.Should().ContainSingle().Which.Value.Should().Be(2);
        families["callmetrics_alert_webhook_dropped_total"].Samples.Should().ContainSingle().Which.Value.Should().Be(0);
        families["callmetrics_alert_webhook_failed_total"].Samples.Should().ContainSingle().Which.Value.Should().Be(0);
    }
}
