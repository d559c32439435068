using System.Text.Json;
using CallMetrics.Live;

namespace CallMetrics.Tests.Live;

public sealed class LiveFilterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static readonly LivePicture Picture = new()
    {
        Version = 1,
        Queues =
        [
            new LiveQueue("default", "sales", 0, null, Figures(), null),
            new LiveQueue("default", "support", 0, null, Figures(), null),
        ],
        Teams = [new LiveTeam("default", "blue", new StateCounts(0, 0, 0, 0), Agents(), null)],
    };

    [Fact]
    public void Each_queue_and_team_carries_the_figures_the_provider_has_for_it()
    {
        var answer = new LiveFilter(null, null, null).Apply(Picture, Now, null, new OneQueueKpis());

        answer.Queues.Single(q => q.Queue == "sales").Kpis!.Today.Should().Be(new KpiFigures(610.5, 0.82, 4));
        answer.Queues.Single(q => q.Queue == "sales").Kpis!.Rolling.HandleP90Seconds.Should().Be(300);
        answer.Queues.Single(q => q.Queue == "support").Kpis.Should().Be(LiveKpis.None, "the provider knows nothing of support");
        answer.Teams.Single().Kpis.Should().Be(LiveKpis.None);
    }

    [Fact]
    public void Without_a_provider_every_kpi_is_null_but_the_keys_are_in_the_json()
    {
        var answer = new LiveFilter(null, "sales", null).Apply(Picture, Now, null);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(answer, LiveJsonContext.Default.LiveResponse));
        var kpis = json.RootElement.GetProperty("queues")[0].GetProperty("kpis");
        foreach (var window in new[] { "today", "rolling" })
        {
            foreach (var field in new[] { "handleP90Seconds", "fcrRate", "repeatCalls" })
            {
                kpis.GetProperty(window).GetProperty(field).ValueKind.Should().Be(JsonValueKind.Null, $"{window}.{field}");
            }
        }

        json.RootElement.GetProperty("teams")[0].GetProperty("kpis").GetProperty("today").GetProperty("fcrRate").ValueKind.Should().Be(JsonValueKind.Null);
    }

    private static QueueFigures Figures() => new(0, 0, 0, 0, 0, null, null, null, null, null);

    private static AgentFigures Agents() => new(0, null, 0, 0, 0, 0, 0, 0, null, null, 0, 0, null);

    private sealed class OneQueueKpis : ILiveKpis
    {
        public LiveKpis? Queue(string tenant, string queue) =>
            queue == "sales" ? new LiveKpis(new KpiFigures(610.5, 0.82, 4), new KpiFigures(300, null, null)) : null;

        public LiveKpis? Team(string tenant, string team) => null;
    }
}
