using System.Globalization;
using System.Text.Json.Nodes;
using CallMetrics.Benchmarks.Workload;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Processing;

namespace CallMetrics.Benchmarks.Quick;

/// <summary>
/// <c>--contact-memory CONTACTS</c>: the heap each pending first-contact-resolution contact takes. The same calls
/// (arrived, queued, answered, ended, wrapped, 1 s apart per call, 50 agents) run twice, once with a distinct caller per
/// call and once without callers; the difference in retained heap, divided by the contacts still pending at the end
/// (all of them: the FCR window is 7 days), is the cost of one pending contact with its share of the FCR interval
/// counts. Prints one JSON object.
/// </summary>
internal static class ContactMemoryProbe
{
    public static int Run(string[] args)
    {
        var contacts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        var without = Retained(contacts, withCallers: false);
        var with = Retained(contacts, withCallers: true);
        Console.WriteLine(new JsonObject
        {
            ["contacts"] = contacts,
            ["heap_without_callers_bytes"] = without,
            ["heap_with_callers_bytes"] = with,
            ["bytes_per_pending_contact"] = Math.Round((double)(with - without) / contacts, 1),
        }.ToJsonString());
        return 0;
    }

    private static long Retained(int contacts, bool withCallers)
    {
        var (before, _) = StateMemoryProbe.Settle();
        var symbols = new SymbolTable();
        var engine = new MetricsEngine(new MetricsOptions(), new CountingSink(), names: symbols);
        var tenant = symbols.Intern("acme");
        var queue = symbols.Intern("sales");
        var agents = Enumerable.Range(0, 50).Select(a => symbols.Intern("agent-" + a.ToString(CultureInfo.InvariantCulture))).ToArray();
        var callerText = new byte[24];
        long id = 0;
        var t = SyntheticCallCenter.StartMs * 1_000_000;
        void Accept(EventType type, int agent, int call, ulong caller, long at)
        {
            id++;
            var e = new CanonicalEvent
            {
                Type = type, Timestamp = at, Tenant = tenant, Agent = agent, Call = call, CallerKey = caller,
                Id = new EventId((ulong)id, (ulong)id),
            };
            if (type is EventType.CallQueued)
            {
                e.Queue = queue;
            }

            engine.Accept(e);
        }

        foreach (var agent in agents)
        {
            Accept(EventType.AgentLogin, agent, 0, 0, t);
        }

        for (var c = 0; c < contacts; c++)
        {
            t += 1_000_000_000;
            var call = symbols.Intern("call-" + c.ToString(CultureInfo.InvariantCulture));
            c.TryFormat(callerText, out var n, provider: CultureInfo.InvariantCulture);
            var caller = withCallers ? CallerKeys.Compute("acme"u8, callerText.AsSpan(0, n)) : 0;
            var agent = agents[c % agents.Length];
            Accept(EventType.CallArrived, 0, call, caller, t);
            Accept(EventType.CallQueued, 0, call, 0, t + 1);
            Accept(EventType.CallAnswered, agent, call, 0, t + 2);
            Accept(EventType.CallEnded, agent, call, 0, t + 3);
            Accept(EventType.WrapEnded, agent, call, 0, t + 4);
        }

        var (after, _) = StateMemoryProbe.Settle();
        GC.KeepAlive(engine);
        GC.KeepAlive(symbols);
        return after - before;
    }
}
