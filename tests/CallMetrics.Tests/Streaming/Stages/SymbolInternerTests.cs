using System.Reflection;
using CallMetrics.Core.Events;
using CallMetrics.Streaming.Elements;
using CallMetrics.Streaming.Stages;

namespace CallMetrics.Tests.Streaming.Stages;

public sealed class SymbolInternerTests
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
    public void Every_symbol_field_of_the_canonical_event_names_the_same_name_after_renumbering()
    {
        // The graph's table already holds other names, so a field left with its batch's number names something else.
        var global = new SymbolTable();
        var interner = new SymbolInterner(global);
        foreach (var other in Enumerable.Range(0, 50))
        {
            global.Intern("other-" + other);
        }

        var decoded = (EventBatch)BatchDecoder.Decode(StageTestKit.Records(1, Lines));
        var local = decoded.Symbols;
        var before = decoded.Events.ToArray();
        var renumbered = (EventBatch)interner.Intern(decoded);

        var symbolFields = typeof(CanonicalEvent).GetFields(BindingFlags.Public | BindingFlags.Instance).Where(f => f.FieldType == typeof(int)).ToList();
        symbolFields.Should().NotBeEmpty();
        for (var i = 0; i < before.Length; i++)
        {
            foreach (var field in symbolFields)
            {
                var name = local[(int)field.GetValue(before[i])!];
                global[(int)field.GetValue(renumbered.Events[i])!].Should().Be(name, $"{field.Name} of event {i + 1} is renumbered");
            }
        }
    }
}
