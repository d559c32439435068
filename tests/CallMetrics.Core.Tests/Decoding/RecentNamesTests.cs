using System.Text;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;

namespace CallMetrics.Core.Tests.Decoding;

public sealed class RecentNamesTests
{
    [Fact]
    public void Every_name_gets_the_symbol_the_table_gives_it_whatever_the_cache_holds()
    {
        var table = new SymbolTable();
        var cache = new RecentNames(4);
        var names = Enumerable.Range(0, 200).Select(i => $"queue-{i % 37}-{new string('x', i % 5)}").ToList();
        names.Add(new string('q', 100)); // longer than the cache keeps
        names.Add(new string('q', 100));
        names.Add("é-queue");
        var random = new Random(7);
        for (var round = 0; round < 3; round++)
        {
            foreach (var name in names.OrderBy(_ => random.Next()))
            {
                var symbol = cache.Intern(table, Encoding.UTF8.GetBytes(name));
                table[symbol].Should().Be(name);
                symbol.Should().Be(table.Intern(name));
            }
        }
    }

    [Fact]
    public void Names_of_the_same_length_and_slot_are_told_apart()
    {
        var table = new SymbolTable();
        var cache = new RecentNames(1); // one slot: every name collides
        var a = cache.Intern(table, "sales"u8);
        var b = cache.Intern(table, "sells"u8);
        cache.Intern(table, "sales"u8).Should().Be(a);
        cache.Intern(table, "sells"u8).Should().Be(b);
        a.Should().NotBe(b);
        cache.Intern(table, ""u8).Should().Be(0, "an empty name is no symbol, as in the table");
    }

    [Fact]
    public void The_slot_count_must_be_a_power_of_two() =>
        FluentActions.Invoking(() => new RecentNames(3)).Should().Throw<ArgumentOutOfRangeException>();
}
