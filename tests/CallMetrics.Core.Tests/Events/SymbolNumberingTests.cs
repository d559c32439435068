using System.Text;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Output;
using CallMetrics.Core.Processing;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Core.Tests.Events;

/// <summary>
/// With decoders running in parallel, symbol numbers follow thread timing. Nothing visible may follow them: the same
/// input decoded with other numbers gives byte-identical line protocol (intervals and rolling windows, call ids
/// released along the way), the same live views in the same order and a byte-identical snapshot.
/// </summary>
public sealed class SymbolNumberingTests
{
    private static readonly MetricsOptions Options = new()
    {
        Rolling = TimeSpan.FromMinutes(15),
        Step = TimeSpan.FromMinutes(1),
        Retention = TimeSpan.FromMinutes(20), // calls end and are forgotten, and their ids released, during the input
    };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Names_interned_beforehand_in_reverse_order_change_no_byte_of_the_output(int seed)
    {
        var lines = TwoTenants(seed);
        var plain = Run(lines, new SymbolTable());

        var reversed = new SymbolTable();
        foreach (var name in NamesIn(lines).Reverse())
        {
            reversed.Intern("unrelated-" + name); // numbers far from those of a fresh table
            reversed.Intern(name);
        }

        var renumbered = Run(lines, reversed);

        renumbered.Output.Should().Be(plain.Output);
        renumbered.Views.Should().Be(plain.Views);
        renumbered.Snapshot.Should().Be(plain.Snapshot);
        plain.Output.Should().Contain("kind=rolling").And.Contain("tenant=acme");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void Decoding_on_three_threads_at_once_changes_no_byte_of_the_output(int seed)
    {
        var lines = TwoTenants(seed);
        var plain = Run(lines, new SymbolTable());

        var parallel = RunDecodingInParallel(lines, threads: 3, batch: 37, seed);

        parallel.Output.Should().Be(plain.Output);
        parallel.Views.Should().Be(plain.Views);
        parallel.Snapshot.Should().Be(plain.Snapshot);
    }

    /// <summary>What a run shows: its line protocol, its live views at the end of input and its snapshot there.</summary>
    private sealed record Visible(string Output, string Views, string Snapshot);

    // One decoder, events applied as they are decoded, ids released at once (as replay does).
    private static Visible Run(IReadOnlyList<string> lines, SymbolTable symbols)
    {
        var sink = new FormattingSink(symbols);
        var engine = new MetricsEngine(Options, sink, releaseSymbol: symbols.Release);
        var decoder = new EventDecoder(symbols);
        foreach (var line in lines)
        {
            if (decoder.Decode(Encoding.UTF8.GetBytes(line), out var e).IsOk)
            {
                engine.Accept(e);
            }
        }

        return Finish(engine, symbols, sink);
    }

    // Batches decoded by several threads into one table, taken in a shuffled order (so names are numbered in another
    // order than they come, whatever the timing), applied in input order with the release protocol: stamped before
    // decoding, refreshed before applying, reclaimed after.
    private static Visible RunDecodingInParallel(IReadOnlyList<string> lines, int threads, int batch, int seed)
    {
        var symbols = new SymbolTable();
        var sink = new FormattingSink(symbols);
        var engine = new MetricsEngine(Options, sink, releaseSymbol: symbols.Retire);
        var batches = lines.Chunk(batch).ToArray();
        var decoded = new (long Stamp, List<CanonicalEvent> Events)[batches.Length];
        var order = Enumerable.Range(0, batches.Length).ToArray();
        new Random(seed).Shuffle(order);
        var next = -1;
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            var decoder = new EventDecoder(symbols);
            for (var taken = Interlocked.Increment(ref next); taken < batches.Length; taken = Interlocked.Increment(ref next))
            {
                var b = order[taken];
                var stamp = symbols.Generation;
                var events = new List<CanonicalEvent>();
                foreach (var line in batches[b])
                {
                    if (decoder.Decode(Encoding.UTF8.GetBytes(line), out var e).IsOk)
                    {
                        events.Add(e);
                    }
                }

                decoded[b] = (stamp, events);
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        foreach (var (stamp, events) in decoded)
        {
            foreach (var decodedEvent in events)
            {
                var e = decodedEvent;
                symbols.Refresh(ref e, stamp);
                engine.Accept(e);
            }

            symbols.Reclaim(stamp);
        }

        // Every event is applied: what was retired is freed, as the one-thread run freed it when it was released.
        symbols.Reclaim(symbols.Generation);
        return Finish(engine, symbols, sink);
    }

    private static Visible Finish(MetricsEngine engine, SymbolTable symbols, FormattingSink sink)
    {
        var views = new StringBuilder();
        foreach (var agent in engine.Agents(symbols))
        {
            views.AppendLine(agent.ToString());
        }

        foreach (var call in engine.WaitingCalls(symbols))
        {
            views.AppendLine(call.ToString());
        }

        foreach (var abandon in engine.RecentAbandons(symbols))
        {
            views.AppendLine(abandon.ToString());
        }

        using var snapshot = new MemoryStream();
        engine.Snapshot(snapshot, symbols);
        engine.Complete();
        return new Visible(sink.Output.ToString(), views.ToString(), Convert.ToHexString(snapshot.ToArray()));
    }

    // Two tenants with the same agent and call ids, interleaved in time.
    private static List<string> TwoTenants(int seed)
    {
        var first = RandomCallCenter.Generate(seed, agents: 30, calls: 400);
        var second = RandomCallCenter.Generate(seed + 100, agents: 20, calls: 300);
        return first.Lines.Select((line, i) => (first.Times[i], line))
            .Concat(second.Lines.Select((line, i) => (second.Times[i], line.Replace("{\"event_id\":\"", "{\"tenant\":\"acme\",\"event_id\":\"acme-", StringComparison.Ordinal))))
            .OrderBy(e => e.Item1)
            .Select(e => e.Item2)
            .ToList();
    }

    // Every name the decoder may intern for the input, calls qualified by tenant.
    private static IEnumerable<string> NamesIn(IEnumerable<string> lines)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
            var tenant = (string?)json["tenant"] ?? "default";
            names.Add(tenant);
            foreach (var (key, value) in json)
            {
                if (value is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var text) && key is not ("event_id" or "ts" or "type"))
                {
                    names.Add(key is "call_id" or "caller" ? tenant + "\u0001" + text : text);
                }
            }
        }

        return names;
    }

    private sealed class FormattingSink(SymbolTable symbols) : IWindowSink
    {
        private readonly LineProtocolFormatter _formatter = new(symbols);

        public StringBuilder Output { get; } = new();

        public void OnWindows(IReadOnlyList<WindowResult> windows) => _formatter.Format(windows, Output);
    }
}
