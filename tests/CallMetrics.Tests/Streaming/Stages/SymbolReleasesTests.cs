using System.Reflection;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Processing;
using CallMetrics.Streaming.Elements;
using CallMetrics.Streaming.Stages;
using PipelineStatistics = CallMetrics.Pipeline.PipelineStatistics;

namespace CallMetrics.Tests.Streaming.Stages;

public sealed class SymbolReleasesTests
{
    private static readonly string[] Lines =
    [
        """{"event_id":"e1","type":"agent.login","ts":"2026-11-22T09:00:00Z","tenant":"acme","agent_id":"a1","team":"blue","state":"not_ready","reason":"training"}""",
        """{"event_id":"e2","type":"call.arrived","ts":"2026-11-22T09:00:01Z","tenant":"acme","call_id":"c1","caller":"+3120","call_type":"billing"}""",
        """{"event_id":"e3","type":"call.queued","ts":"2026-11-22T09:00:02Z","tenant":"acme","call_id":"c1","queue":"sales"}""",
        """{"event_id":"e4","type":"call.answered","ts":"2026-11-22T09:00:03Z","tenant":"acme","call_id":"c1","agent_id":"a1","queue":"sales"}""",
        """{"event_id":"e5","type":"call.ended","ts":"2026-11-22T09:00:04Z","tenant":"acme","call_id":"c1","disposition":"resolved"}""",
    ];

    [Fact]
    public async Task Batches_decoded_at_once_into_the_graphs_table_name_what_one_decoder_reading_in_order_names()
    {
        var shared = new SymbolTable();
        var decoder = new BatchDecoder(shared);
        var batches = Enumerable.Range(0, 64)
            .Select(b => StageTestKit.Records(b * 100, [.. Lines.Select(l => l.Replace("c1", $"c{b}", StringComparison.Ordinal).Replace("a1", $"a{b % 7}", StringComparison.Ordinal))]))
            .ToList();
        var decoded = await Task.WhenAll(batches.Select(decoder.DecodeAsync));

        var alone = new SymbolTable();
        var fields = typeof(CanonicalEvent).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(int) && p.GetMethod is not null)
            .Select(p => (p.Name, Get: (Func<CanonicalEvent, int>)(e => (int)p.GetValue(e)!)))
            .Concat(typeof(CanonicalEvent).GetFields(BindingFlags.Public | BindingFlags.Instance)
                .Where(f => f.FieldType == typeof(int))
                .Select(f => (f.Name, Get: (Func<CanonicalEvent, int>)(e => (int)f.GetValue(e)!))))
            .ToList();
        fields.Select(f => f.Name).Should().Contain(["Tenant", "Call", "Agent", "Queue", "Team", "Reason", "CallType", "Disposition"]);
        for (var b = 0; b < batches.Count; b++)
        {
            var expected = (EventBatch)new BatchDecoder(alone).Decode(StageTestKit.Records(b * 100, [.. Lines.Select(l => l.Replace("c1", $"c{b}", StringComparison.Ordinal).Replace("a1", $"a{b % 7}", StringComparison.Ordinal))]));
            var actual = (EventBatch)decoded[b];
            actual.Rejections.Should().BeEmpty();
            for (var i = 0; i < Lines.Length; i++)
            {
                foreach (var (name, get) in fields)
                {
                    shared[get(actual.Events[i])].Should().Be(alone[get(expected.Events[i])], $"{name} of event {i + 1} of batch {b}");
                }
            }
        }
    }

    [Fact]
    public void A_retired_call_id_still_on_its_way_keeps_its_name_until_a_batch_stamped_after_the_retirement_is_applied()
    {
        var releases = StageTestKit.NewReleases();
        var symbols = releases.Symbols;
        var decoder = new BatchDecoder(symbols);
        var shard = new EngineShard(0, sink => new MetricsEngine(new MetricsOptions(), sink, releaseSymbol: releases.ReleaseScope(0)), symbols, new WindowPool(), new PipelineStatistics())
        {
            Releases = releases,
        };

        // Decoded before the engine forgot the call (a late event for it, say).
        var early = (EventBatch)decoder.Decode(StageTestKit.Records(1, Lines[1]));
        var retired = early.Events[0].Call;
        var name = symbols[retired];
        name.Should().Contain("c1");
        symbols.Retire(retired);
        var later = (EventBatch)decoder.Decode(StageTestKit.Records(2, Lines[0]));
        later.Stamp.Should().BeGreaterThan(early.Stamp);

        var output = new List<StreamElement>();
        shard.Handle(early, output);
        symbols[retired].Should().Be(name, "a batch decoded before the retirement may still carry the number: the name stays");

        shard.Handle(later, output);
        symbols[retired].Should().Be(SymbolTable.ReleasedName, "every batch stamped before the retirement is applied");
    }
}
