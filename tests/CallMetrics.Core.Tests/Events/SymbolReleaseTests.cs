using System.Collections.Concurrent;
using CallMetrics.Core.Events;

namespace CallMetrics.Core.Tests.Events;

/// <summary>
/// The release protocol of <see cref="SymbolTable"/>: a retired symbol is never handed out again and never means
/// another name; its name stays readable until every event decoded before the retire is applied.
/// </summary>
public sealed class SymbolReleaseTests
{
    [Fact]
    public void After_a_retire_the_name_gets_a_new_symbol_and_the_old_one_still_reads_as_the_name()
    {
        var symbols = new SymbolTable();
        var old = symbols.Intern("t\u0001c1");

        symbols.Retire(old);
        var renewed = symbols.Intern("t\u0001c1");

        renewed.Should().NotBe(old);
        symbols[old].Should().Be("t\u0001c1");
        symbols.TryGet("t\u0001c1", out var current).Should().BeTrue();
        current.Should().Be(renewed);
    }

    [Fact]
    public void Reclaim_frees_a_retired_name_only_once_a_batch_stamped_after_the_retire_is_applied()
    {
        var symbols = new SymbolTable();
        var call = symbols.Intern("t\u0001c1");
        var stampBefore = symbols.Generation;

        symbols.Retire(call);
        var stampAfter = symbols.Generation;
        symbols.Reclaim(stampBefore); // a batch decoded before the retire was applied: it may have carried the symbol
        var readAfterEarlierBatch = symbols[call];
        symbols.Reclaim(stampAfter); // a batch decoded after it: nothing before it can carry the symbol any more

        readAfterEarlierBatch.Should().Be("t\u0001c1");
        symbols[call].Should().Be(SymbolTable.ReleasedName);
        symbols.Released.Should().Be(1);
    }

    [Fact]
    public void Refresh_gives_an_event_decoded_before_a_retire_the_current_symbols_of_its_names()
    {
        var symbols = new SymbolTable();
        var stamp = symbols.Generation;
        var e = new CanonicalEvent
        {
            Type = EventType.CallArrived,
            Tenant = symbols.Intern("t"),
            Call = symbols.Intern("t\u0001c1"),
            Caller = symbols.Intern("t\u0001+31"),
            CallType = symbols.Intern("billing"),
        };
        var untouched = e;

        symbols.Retire(e.Call);
        symbols.Retire(e.Caller);
        symbols.Refresh(ref e, stamp);

        (e.Call, e.Caller).Should().NotBe((untouched.Call, untouched.Caller));
        (symbols[e.Call], symbols[e.Caller]).Should().Be(("t\u0001c1", "t\u0001+31"));
        (e.Tenant, e.CallType).Should().Be((untouched.Tenant, untouched.CallType));
        symbols.Intern("t\u0001c1").Should().Be(e.Call, "later messages for the call get the same new symbol");
    }

    [Fact]
    public void Refresh_with_the_current_stamp_changes_nothing()
    {
        var symbols = new SymbolTable();
        var call = symbols.Intern("t\u0001c1");
        symbols.Retire(call);
        var e = new CanonicalEvent { Type = EventType.CallEnded, Call = call };

        symbols.Refresh(ref e, symbols.Generation);

        e.Call.Should().Be(call);
    }

    [Fact]
    public void Release_frees_at_once_and_numbers_are_never_reused()
    {
        var symbols = new SymbolTable();
        var first = symbols.Intern("t\u0001c1");

        symbols.Release(first);
        var again = symbols.Intern("t\u0001c1");
        var other = symbols.Intern("t\u0001c2");

        symbols[first].Should().Be(SymbolTable.ReleasedName);
        new[] { again, other }.Should().NotContain(first).And.OnlyHaveUniqueItems();
        symbols.Released.Should().Be(1);
    }

    [Fact]
    public void Releasing_symbol_0_an_unknown_one_or_one_twice_changes_nothing()
    {
        var symbols = new SymbolTable();
        var name = symbols.Intern("n");

        symbols.Release(0);
        symbols.Release(99);
        symbols.Release(name);
        symbols.Release(name);
        symbols.Retire(name);

        (symbols.Released, symbols[0]).Should().Be((1L, string.Empty));
    }

    [Fact]
    public void Memory_follows_the_live_names_when_retired_names_are_reclaimed()
    {
        var symbols = new SymbolTable();
        for (var i = 0; i < 200_000; i++)
        {
            var symbol = symbols.Intern("t\u0001call-" + i);
            symbols.Retire(symbol);
            symbols.Reclaim(symbols.Generation);
        }

        symbols.Released.Should().Be(200_000);
        symbols.Intern("t\u0001call-0").Should().Be(200_001, "a name that comes back after its release is new");
    }

    [Fact]
    public void Decoders_running_ahead_of_an_engine_that_retires_hand_it_no_retired_symbol_and_no_unreadable_name()
    {
        // The pipeline's shape: batches stamped in input order, decoded by three threads at once, applied in input
        // order by one engine that retires call symbols as it goes (calls come back after their retire). The engine
        // refreshes each event with its batch stamp and reclaims after each batch.
        const int Batches = 600;
        var symbols = new SymbolTable();
        var dispatched = new BlockingCollection<(int Sequence, long Stamp)>(boundedCapacity: 4);
        var inFlight = new SemaphoreSlim(16);
        var decoded = new ConcurrentDictionary<int, (long Stamp, List<(int Symbol, string Name)> Events)>();
        var ready = new SemaphoreSlim(0);
        var firstNameOf = new ConcurrentDictionary<int, string>();
        var wrong = new ConcurrentBag<string>();
        var refreshed = 0;

        var dispatcher = new Thread(() =>
        {
            for (var sequence = 0; sequence < Batches; sequence++)
            {
                inFlight.Wait();
                dispatched.Add((sequence, symbols.Generation)); // the stamp, taken before the batch is handed over
            }

            dispatched.CompleteAdding();
        });
        var decoders = Enumerable.Range(0, 3).Select(_ => new Thread(() =>
        {
            foreach (var (sequence, stamp) in dispatched.GetConsumingEnumerable())
            {
                var random = new Random(sequence);
                var events = new List<(int, string)>();
                for (var i = 0; i < 200; i++)
                {
                    var name = "t\u0001c" + random.Next(3_000);
                    var symbol = symbols.Intern(name);
                    if (firstNameOf.GetOrAdd(symbol, name) != name)
                    {
                        wrong.Add($"{symbol} was {firstNameOf[symbol]}, now {name}");
                    }

                    events.Add((symbol, name));
                }

                decoded[sequence] = (stamp, events);
                ready.Release();
            }
        })).ToList();
        var engine = new Thread(() =>
        {
            var random = new Random(9);
            var retired = new HashSet<int>();
            for (var sequence = 0; sequence < Batches; sequence++)
            {
                (long Stamp, List<(int Symbol, string Name)> Events) batch;
                while (!decoded.TryRemove(sequence, out batch))
                {
                    ready.Wait();
                }

                foreach (var (symbol, name) in batch.Events)
                {
                    var e = new CanonicalEvent { Type = EventType.CallEnded, Call = symbol };
                    symbols.Refresh(ref e, batch.Stamp);
                    refreshed += e.Call != symbol ? 1 : 0;
                    if (retired.Contains(e.Call) || symbols[e.Call] != name)
                    {
                        wrong.Add($"batch {sequence}: {e.Call} ({symbols[e.Call]}) for {name}, retired {retired.Contains(e.Call)}");
                    }

                    if (random.Next(8) == 0 && retired.Add(e.Call))
                    {
                        symbols.Retire(e.Call);
                    }
                }

                symbols.Reclaim(batch.Stamp);
                inFlight.Release();
            }
        });
        dispatcher.Start();
        decoders.ForEach(t => t.Start());
        engine.Start();
        dispatcher.Join();
        decoders.ForEach(t => t.Join());
        engine.Join();

        wrong.Should().BeEmpty();
        symbols.Released.Should().BeGreaterThan(1_000, "the engine really retired and reclaimed symbols while decoders ran");
        refreshed.Should().BeGreaterThan(0, "some events were decoded before their symbols were retired");
    }
}
