using CallMetrics.Core.Tests.Support;
using CallMetrics.Streaming.Elements;
using CallMetrics.Streaming.Stages;

namespace CallMetrics.Tests.Streaming.Stages;

public sealed class ShardRouterTests
{
    [Fact]
    public void Each_event_goes_to_its_tenants_shard_and_every_shard_then_learns_how_far_the_source_got()
    {
        var releases = StageTestKit.NewReleases();
        var router = new ShardRouter(2, releases.Symbols);
        var (a, b) = TwoTenantsOnDifferentShards();
        var scenario = Scenario.Create().At("09:00").Login("x", tenant: a).At("09:05").Login("y", tenant: b).Lines;
        var lines = new[] { scenario[0], scenario[1], "{not json" };

        var routed = router.Route(StageTestKit.Decoded(releases, StageTestKit.Records(1, lines)));

        var shardOfA = ShardRouter.ShardOf(a, 2);
        var first = routed[shardOfA][0].Should().BeOfType<EventBatch>().Subject;
        var second = routed[1 - shardOfA][0].Should().BeOfType<EventBatch>().Subject;
        first.Events.Length.Should().Be(shardOfA == 0 ? 2 : 1, "the rejection goes with shard 0's part");
        releases.Symbols[first.Events[0].Tenant].Should().Be(a);
        releases.Symbols[second.Events[0].Tenant].Should().Be(b);
        foreach (var shard in routed)
        {
            shard.OfType<SourceProgress>().Should().ContainSingle().Which.Timestamp.Should().Be(second.Events[0].Timestamp, "the source reached 09:05");
        }
    }

    [Fact]
    public void Control_elements_go_to_every_shard()
    {
        var router = new ShardRouter(3, StageTestKit.NewReleases().Symbols);

        var routed = router.Route(Tick.Provisional);

        routed.Should().AllSatisfy(shard => shard.Should().Equal(Tick.Provisional));
    }

    private static (string A, string B) TwoTenantsOnDifferentShards()
    {
        for (var i = 0; ; i++)
        {
            if (ShardRouter.ShardOf("t" + i, 2) != ShardRouter.ShardOf("t" + (i + 1), 2))
            {
                return ("t" + i, "t" + (i + 1));
            }
        }
    }
}
