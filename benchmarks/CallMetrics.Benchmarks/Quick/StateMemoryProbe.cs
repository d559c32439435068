using System.Globalization;
using System.Text.Json.Nodes;
using CallMetrics.Benchmarks.Workload;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Processing;

namespace CallMetrics.Benchmarks.Quick;

/// <summary>
/// Memory of open state, measured in a fresh child process so nothing else is on the heap:
/// <c>--state-memory AGENTS CALLS</c> logs AGENTS agents in, opens CALLS calls (half waiting in a
/// queue, half talking to an agent) and reports the GC heap and the process working set after a forced,
/// compacting GC; <c>--memory-growth AGENTS EVENTS RETENTION</c> streams a generated workload through the
/// decoder and engine and reports the heap at checkpoints, to show whether memory follows open state or
/// events processed.
/// </summary>
internal static class StateMemoryProbe
{
    public static int RunState(string[] args)
    {
        var agents = int.Parse(args[0], CultureInfo.InvariantCulture);
        var calls = int.Parse(args[1], CultureInfo.InvariantCulture);
        var (heapBefore, workingSetBefore) = Settle();

        var symbols = new SymbolTable();
        var sink = new CountingSink();
        var engine = new MetricsEngine(new MetricsOptions(), sink);
        var tenant = symbols.Intern("acme");
        var t = SyntheticCallCenter.StartMs * 1_000_000;
        long id = 0;
        var idBytes = new byte[32];
        CanonicalEvent Make(EventType type, int agent, int call, int queue)
        {
            id++;
            id.TryFormat(idBytes, out var n, provider: CultureInfo.InvariantCulture);
            t += 1_000_000; // 1 ms apart
            return new CanonicalEvent
            {
                Type = type,
                Timestamp = t,
                Tenant = tenant,
                Agent = agent,
                Call = call,
                Queue = queue,
                Team = type == EventType.AgentLogin ? symbols.Intern("team-" + ((agent % 2000) + 1).ToString(CultureInfo.InvariantCulture)) : 0,
                Id = EventId.Compute("acme"u8, idBytes.AsSpan(0, n)),
            };
        }

        var agentSymbols = new int[agents];
        for (var a = 0; a < agents; a++)
        {
            agentSymbols[a] = symbols.Intern("agent-" + (a + 1).ToString(CultureInfo.InvariantCulture));
            engine.Accept(Make(EventType.AgentLogin, agentSymbols[a], 0, 0));
        }

        for (var c = 0; c < calls; c++)
        {
            var call = symbols.Intern(Guid.CreateVersion7().ToString());
            var queue = symbols.Intern("queue-" + ((c % 24) + 1).ToString(CultureInfo.InvariantCulture));
            engine.Accept(Make(EventType.CallArrived, 0, call, 0));
            engine.Accept(Make(EventType.CallQueued, 0, call, queue));
            if (c % 2 == 0 && c / 2 < agents)
            {
                engine.Accept(Make(EventType.CallAnswered, agentSymbols[c / 2], call, queue));
            }
        }

        // Let the watermark pass everything, as it would in a live service a minute later.
        t += 120_000_000_000;
        engine.SetSourceIdle(0, idle: false);
        engine.Accept(Make(EventType.AgentState, agentSymbols[0], 0, 0));
        var (heapAfter, workingSetAfter) = Settle();
        var result = new JsonObject
        {
            ["agents"] = engine.AgentCount,
            ["open_calls"] = engine.OpenCallCount,
            ["events"] = id,
            ["gc_heap_bytes"] = heapAfter,
            ["gc_heap_state_bytes"] = heapAfter - heapBefore,
            ["working_set_bytes"] = workingSetAfter,
            ["working_set_before_bytes"] = workingSetBefore,
            ["heap_bytes_per_agent_plus_two_calls"] = (double)(heapAfter - heapBefore) / Math.Max(1, agents),
        };
        GC.KeepAlive(engine);
        GC.KeepAlive(symbols);
        Console.WriteLine(result.ToJsonString());
        return 0;
    }

    public static int RunGrowth(string[] args)
    {
        var agents = int.Parse(args[0], CultureInfo.InvariantCulture);
        var events = int.Parse(args[1], CultureInfo.InvariantCulture);
        var retention = TimeSpan.FromSeconds(int.Parse(args[2], CultureInfo.InvariantCulture));
        var checkpoints = 4;
        var options = new WorkloadOptions { Agents = agents, Events = events };
        var generator = new SyntheticCallCenter(options);
        var writer = new JsonLineWriter(options);
        var symbols = new SymbolTable();
        var decoder = new EventDecoder(symbols);
        var engine = new MetricsEngine(new MetricsOptions { Retention = retention }, new CountingSink());
        var line = new byte[JsonLineWriter.MaxLineBytes];
        var samples = new JsonArray();
        var (heapBefore, _) = Settle();
        long n = 0;
        while (generator.TryNext(out var s))
        {
            var length = writer.Write(s, line);
            if (decoder.Decode(line.AsSpan(0, length - 1), out var e).IsOk)
            {
                engine.Accept(e);
            }

            n++;
            if (n % (events / checkpoints) == 0)
            {
                var (heap, workingSet) = Settle();
                samples.Add(new JsonObject
                {
                    ["events"] = n,
                    ["event_time_hours"] = Math.Round((e.Timestamp / 1e6 - SyntheticCallCenter.StartMs) / 3_600_000.0, 3),
                    ["gc_heap_bytes"] = heap - heapBefore,
                    ["working_set_bytes"] = workingSet,
                    ["open_calls"] = engine.OpenCallCount,
                    ["agents"] = engine.AgentCount,
                    ["symbols"] = symbols.Count,
                });
            }
        }

        GC.KeepAlive(engine);
        Console.WriteLine(new JsonObject { ["retention_s"] = retention.TotalSeconds, ["samples"] = samples }.ToJsonString());
        return 0;
    }

    internal static (long Heap, long WorkingSet) Settle()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        process.Refresh();
        return (GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64);
    }

    /// <summary>Runs this program again with <paramref name="args"/> and parses the one JSON line it prints.</summary>
    public static JsonNode RunChild(params string[] args)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var start = new System.Diagnostics.ProcessStartInfo(self)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (self.EndsWith("dotnet", StringComparison.Ordinal) || self.EndsWith("dotnet.exe", StringComparison.Ordinal))
        {
            start.ArgumentList.Add(typeof(StateMemoryProbe).Assembly.Location);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("could not start " + self);
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', args)} exited {process.ExitCode}: {error.Result}");
        }

        var lastLine = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        return JsonNode.Parse(lastLine) ?? throw new InvalidOperationException("child printed no JSON");
    }
}
