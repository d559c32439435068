using System.Collections.Concurrent;
using System.Text;
using CallMetrics.Core.Events;

namespace CallMetrics.Core.Tests.Events;

/// <summary>Interning: one symbol per name however it is given, several decoders at once, names readable meanwhile.</summary>
public sealed class SymbolTableTests
{
    [Fact]
    public void A_name_gets_the_same_symbol_as_bytes_chars_or_string_and_0_when_empty()
    {
        var symbols = new SymbolTable();

        var fromBytes = symbols.Intern("José 😀"u8);

        (symbols.Intern("José 😀"), symbols.Intern("José 😀".AsSpan())).Should().Be((fromBytes, fromBytes));
        symbols[fromBytes].Should().Be("José 😀");
        (symbols.Intern(""u8), symbols[0]).Should().Be((0, string.Empty));
    }

    [Fact]
    public void Different_names_get_different_symbols_numbered_from_1()
    {
        var symbols = new SymbolTable();

        var numbers = new[] { "a", "b", "A", "a " }.Select(symbols.Intern).ToList();

        numbers.Should().Equal(1, 2, 3, 4);
        symbols.Count.Should().Be(5);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_stand_for_the_string_they_decode_to()
    {
        var symbols = new SymbolTable();

        var invalid = symbols.Intern([(byte)'a', 0xFF]);

        symbols[invalid].Should().Be("a\uFFFD");
        symbols.Intern("a\uFFFD").Should().Be(invalid);
    }

    [Fact]
    public void A_string_with_a_lone_surrogate_is_its_own_name()
    {
        var symbols = new SymbolTable();

        var lone = symbols.Intern("a\uD800");
        var replaced = symbols.Intern("a\uFFFD");

        lone.Should().NotBe(replaced);
        symbols.Intern("a\uD800").Should().Be(lone);
    }

    [Fact]
    public void A_million_names_stay_distinct_and_found_as_the_index_grows()
    {
        var symbols = new SymbolTable();
        for (var i = 0; i < 1_000_000; i++)
        {
            symbols.Intern("name-" + i).Should().Be(i + 1);
        }

        for (var i = 0; i < 1_000_000; i += 997)
        {
            symbols.TryGet("name-" + i, out var symbol).Should().BeTrue();
            symbol.Should().Be(i + 1);
        }
    }

    [Fact]
    public void Threads_interning_overlapping_names_agree_on_one_symbol_per_name_and_one_name_per_symbol()
    {
        var symbols = new SymbolTable();
        const int Threads = 6;
        var names = Enumerable.Range(0, 40_000).Select(i => Encoding.UTF8.GetBytes($"tenant\u0001call-{i}")).ToArray();
        var seen = new ConcurrentBag<(int Name, int Symbol)>();
        using var start = new Barrier(Threads);
        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            // Each thread walks the names in its own order: a different thread adds each name first.
            var order = Enumerable.Range(0, names.Length).OrderBy(i => HashCode.Combine(i, t)).ToArray();
            start.SignalAndWait();
            foreach (var i in order)
            {
                seen.Add((i, symbols.Intern(names[i])));
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        var byName = seen.GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.Select(s => s.Symbol).Distinct().ToList());
        byName.Values.Should().AllSatisfy(symbolsOfName => symbolsOfName.Should().ContainSingle());
        byName.Values.Select(s => s[0]).Should().OnlyHaveUniqueItems();
        byName.Should().AllSatisfy(kv => symbols[kv.Value[0]].Should().Be(Encoding.UTF8.GetString(names[kv.Key])));
        symbols.Count.Should().Be(names.Length + 1);
    }

    [Fact]
    public void A_reader_on_another_thread_reads_every_name_it_is_handed_while_names_are_added()
    {
        var symbols = new SymbolTable();
        var handed = new BlockingCollection<(int Symbol, string Name)>(boundedCapacity: 1024);
        var wrong = 0;
        var reader = new Thread(() =>
        {
            foreach (var (symbol, name) in handed.GetConsumingEnumerable())
            {
                if (symbols[symbol] != name)
                {
                    Interlocked.Increment(ref wrong);
                }
            }
        });
        reader.Start();

        for (var i = 0; i < 300_000; i++)
        {
            var name = "agent-" + i;
            handed.Add((symbols.Intern(Encoding.UTF8.GetBytes(name)), name));
        }

        handed.CompleteAdding();
        reader.Join();
        wrong.Should().Be(0);
    }
}
