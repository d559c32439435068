using CallMetrics.Core.Sessions;

namespace CallMetrics.Core.Tests.Sessions;

/// <summary>
/// The symbol-indexed session stores keep what the dictionaries they replaced did: the same lookups,
/// the same enumeration order (eviction, snapshots and live views walk it), and memory that follows the
/// sessions held, not the symbols ever seen.
/// </summary>
public sealed class SessionMapTests
{
    [Fact]
    public void Enumerates_in_the_order_a_dictionary_does_under_random_adds_and_removes()
    {
        var random = new Random(7);
        var map = new SessionMap<CallSession>();
        var dictionary = new Dictionary<long, CallSession>();
        var nextSymbol = 1;
        for (var step = 0; step < 20_000; step++)
        {
            if (dictionary.Count > 0 && random.Next(3) == 0)
            {
                var victim = dictionary.Values.ElementAt(random.Next(dictionary.Count));
                dictionary.Remove(Key(victim.Tenant, victim.Call));
                map.Remove(victim.Call, victim);
            }
            else
            {
                // Mostly new symbols; sometimes another tenant's call under a symbol already in use.
                var tenant = random.Next(10) == 0 ? 2 : 1;
                var symbol = tenant == 2 && dictionary.Count > 0 ? dictionary.Values.First().Call : nextSymbol++;
                if (dictionary.ContainsKey(Key(tenant, symbol)))
                {
                    continue;
                }

                var call = new CallSession { Tenant = tenant, Call = symbol };
                dictionary.Add(Key(tenant, symbol), call);
                map.Add(symbol, call);
            }

            if (step % 1000 == 0)
            {
                map.Values.Should().Equal(dictionary.Values);
            }
        }

        map.Values.Should().Equal(dictionary.Values);
        map.Count.Should().Be(dictionary.Count);
        foreach (var (key, call) in dictionary)
        {
            map.Get((int)(key >> 32), (int)key).Should().BeSameAs(call);
        }

        map.Get(3, 1).Should().BeNull();
    }

    [Fact]
    public void Chunks_of_symbols_no_longer_used_are_dropped()
    {
        var slots = new SymbolSlots<string?>();
        for (var symbol = 0; symbol < 10_000; symbol++)
        {
            slots.Slot(symbol) = "x";
            slots.Use(symbol);
        }

        for (var symbol = 0; symbol < 9_000; symbol++)
        {
            slots.Slot(symbol) = null;
            slots.Free(symbol);
        }

        slots.Peek(100).Should().BeNull();
        slots.Peek(9_500).Should().Be("x");
        slots.Slot(100) = "again";
        slots.Use(100);
        slots.Peek(100).Should().Be("again");
        slots.Peek(101).Should().BeNull("a recreated chunk starts empty");
    }

    [Fact]
    public void Ended_calls_enumerate_in_first_insertion_order_and_clear()
    {
        var ended = new EndedCalls();
        var agent = new AgentSession { Tenant = 1, Agent = 5 };
        ended.Set(1, 10, null);
        ended.Set(1, 11, agent);
        ended.Set(2, 10, agent); // another tenant, same symbol
        ended.Set(1, 10, agent); // replaces, keeps its place

        ended.Keys.Should().Equal(Key(1, 10), Key(1, 11), Key(2, 10));
        ended.TryGet(1, 10, out var first).Should().BeTrue();
        first.Should().BeSameAs(agent);
        ended.TryGet(2, 10, out var other).Should().BeTrue();
        other.Should().BeSameAs(agent);
        ended.TryGet(3, 10, out _).Should().BeFalse();

        ended.Clear();
        ended.Count.Should().Be(0);
        ended.TryGet(1, 10, out _).Should().BeFalse();
        ended.TryGet(2, 10, out _).Should().BeFalse();
    }

    [Fact]
    public void A_cleared_generation_of_ended_calls_refills_with_newer_calls_without_allocating()
    {
        // Call symbols only grow: each generation's calls land in chunks the previous one never used.
        var ended = new EndedCalls();
        var agent = new AgentSession { Tenant = 1, Agent = 5 };
        var next = 1;
        for (var generation = 0; generation < 2; generation++)
        {
            Fill(ended, agent, ref next, 50_000);
            ended.Clear();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        Fill(ended, agent, ref next, 50_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        ended.Count.Should().Be(50_000);
        ended.TryGet(1, next - 1, out var last).Should().BeTrue();
        last.Should().BeSameAs(agent);
        ended.TryGet(1, next - 50_001, out _).Should().BeFalse("the cleared generation's calls are gone");
        allocated.Should().BeLessThan(1_000, "13 chunks of 4096 slots (64 KB each) come from the cleared generation");
    }

    [Fact]
    public void An_ended_call_keeps_its_call_type_until_cleared_and_a_later_entry_without_one_does_not_erase_it()
    {
        var ended = new EndedCalls();
        ended.Set(1, 10, null, callType: 7);
        ended.Set(2, 10, null, callType: 8); // another tenant, same symbol: held beside
        ended.Set(1, 10, null); // ended again without a call type

        ended.CallTypeOf(1, 10).Should().Be(7);
        ended.CallTypeOf(2, 10).Should().Be(8);
        ended.CallTypeOf(1, 11).Should().Be(0, "not held");

        ended.Clear();
        ended.CallTypeOf(1, 10).Should().Be(0);
    }

    [Fact]
    public void An_ended_call_without_a_call_type_is_held_and_a_restored_call_type_is_set_on_it()
    {
        var ended = new EndedCalls();
        ended.Set(1, 10, null);

        ended.TryGet(1, 10, out _).Should().BeTrue();
        ended.CallTypeOf(1, 10).Should().Be(0);

        ended.SetCallType(1, 10, 9);
        ended.SetCallType(1, 11, 9); // not held: nothing to set
        ended.CallTypeOf(1, 10).Should().Be(9);
        ended.TryGet(1, 11, out _).Should().BeFalse();
    }

    private static void Fill(EndedCalls ended, AgentSession agent, ref int next, int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            ended.Set(1, next++, agent);
        }
    }

    private static long Key(int tenant, int symbol) => ((long)tenant << 32) | (uint)symbol;
}
