using System.Text.Json;
using CallMetrics.Alerts;
using Microsoft.Playwright;

namespace CallMetrics.Tests.Wallboard;

/// <summary>The alerts banner of the wallboard, fed through <see cref="IAlertChanges"/> as the evaluator feeds the service.</summary>
[Collection(WallboardCollection.Name)]
public sealed class WallboardAlertTests(WallboardFixture board)
{
    private static readonly DateTimeOffset Since = new(2026, 11, 22, 9, 14, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1920, 1080)]
    [InlineData(1280, 720)]
    public async Task Each_firing_alert_shows_a_strip_with_rule_tags_value_and_since_and_the_board_still_fits(int width, int height)
    {
        AlertChange[] firing =
        [
            AlertChange.Create("long-wait", [new("tenant", "default"), new("queue", "sales")], AlertState.Firing, Since, 135.5),
            AlertChange.Create("low-service-level", [new("tenant", "default"), new("queue", "support")], AlertState.Firing, Since.AddMinutes(2), 0.6234),
        ];
        try
        {
            foreach (var change in firing)
            {
                board.Alerts.Publish(change);
            }

            var page = await board.OpenAsync(width, height);
            await page.WaitForSelectorAsync("#alerts[data-firing='2']", new PageWaitForSelectorOptions { Timeout = 30_000 });

            var strips = await page.Locator("#alerts .alert").EvaluateAllAsync<JsonElement>(
                "es => es.map(e => ({ rule: e.dataset.rule, tags: e.dataset.tags, value: e.dataset.value, since: e.dataset.since, text: e.innerText }))");
            strips.GetArrayLength().Should().Be(2);
            var first = strips[0];
            first.GetProperty("rule").GetString().Should().Be("long-wait");
            first.GetProperty("tags").GetString().Should().Be("""{"queue":"sales","tenant":"default"}""");
            first.GetProperty("value").GetString().Should().Be("135.5");
            first.GetProperty("since").GetString().Should().Be("2026-11-22T09:14:00Z");
            first.GetProperty("text").GetString().Should().ContainAll("long-wait", "queue=sales", "tenant=default", "135.5", "since 09:14 UTC");
            strips[1].GetProperty("text").GetString().Should().ContainAll("low-service-level", "queue=support", "0.62", "since 09:16 UTC");

            (await page.EvaluateAsync<string[]>(WallboardLayoutTests.OffScreen)).Should().BeEmpty("the strips take room from the board, which still fits");
            (await page.Locator(".tile.queue").CountAsync()).Should().Be(12);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WallboardFixture.Artifacts, $"alerts-{width}x{height}.png") });
            await page.CloseAsync();
        }
        finally
        {
            foreach (var change in firing)
            {
                board.Alerts.Publish(change with { State = AlertState.Resolved, At = change.At.AddMinutes(10) });
            }
        }
    }

    [Fact]
    public async Task A_resolved_alert_leaves_the_banner_and_more_than_three_fold_into_one_strip()
    {
        var changes = Enumerable.Range(1, 5)
            .Select(i => AlertChange.Create("long-wait", [new("tenant", "default"), new("queue", "q" + i)], AlertState.Firing, Since.AddMinutes(i), 100 + i))
            .ToList();
        try
        {
            changes.ForEach(board.Alerts.Publish);
            var page = await board.OpenAsync(1280, 720);
            await page.WaitForSelectorAsync("#alerts[data-firing='5']", new PageWaitForSelectorOptions { Timeout = 30_000 });

            (await page.Locator("#alerts .alert[data-rule]").CountAsync()).Should().Be(3);
            (await page.Locator("#alerts .alert.more").TextContentAsync()).Should().Be("+2 more firing");
            (await page.EvaluateAsync<string[]>(WallboardLayoutTests.OffScreen)).Should().BeEmpty();

            changes.ForEach(c => board.Alerts.Publish(c with { State = AlertState.Resolved, At = c.At.AddMinutes(10) }));
            await page.WaitForSelectorAsync("#alerts[data-firing='0']", new PageWaitForSelectorOptions { Timeout = 30_000, State = WaitForSelectorState.Attached });
            (await page.Locator("#alerts").IsHiddenAsync()).Should().BeTrue("no alert fires");
            await page.CloseAsync();
        }
        finally
        {
            changes.ForEach(c => board.Alerts.Publish(c with { State = AlertState.Resolved, At = c.At.AddMinutes(10) }));
        }
    }
}
