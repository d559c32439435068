using CallMetrics.Core.Contacts;

namespace CallMetrics.Core.Tests.Contacts;

public sealed class CallerIndexTests
{
    [Fact]
    public void Callers_that_share_a_home_are_all_found_after_any_one_of_them_is_removed()
    {
        // Keys equal modulo 64 share their home entry in the first table: removal must shift the others back.
        var slots = new ContactSlots();
        var index = new CallerIndex(slots);
        var callers = new ulong[] { 3, 3 + 64, 3 + 128, 3 + 192, 4 };
        var slotOf = callers.ToDictionary(c => c, c => Hold(slots, c));
        foreach (var caller in callers)
        {
            index.SetFirst(caller, slotOf[caller]);
        }

        index.Remove(3 + 64);

        index.TryGetFirst(3 + 64, out _).Should().BeFalse();
        foreach (var caller in callers.Where(c => c != 3 + 64))
        {
            index.TryGetFirst(caller, out var found).Should().BeTrue();
            found.Should().Be(slotOf[caller]);
        }

        index.Count.Should().Be(4);
    }

    [Fact]
    public void Setting_the_first_contact_of_a_known_caller_replaces_it_and_the_table_grows_keeping_every_caller()
    {
        var slots = new ContactSlots();
        var index = new CallerIndex(slots);
        var first = Enumerable.Range(1, 1_000).ToDictionary(c => (ulong)c * 0x9E3779B97F4A7C15UL, c => 0);
        foreach (var caller in first.Keys)
        {
            first[caller] = Hold(slots, caller);
            index.SetFirst(caller, first[caller]);
        }

        var someCaller = first.Keys.First();
        var second = Hold(slots, someCaller);
        index.SetFirst(someCaller, second);

        index.Count.Should().Be(1_000);
        index.TryGetFirst(someCaller, out var found).Should().BeTrue();
        found.Should().Be(second);
        foreach (var (caller, slot) in first.Skip(1))
        {
            index.TryGetFirst(caller, out found).Should().BeTrue();
            found.Should().Be(slot);
        }
    }

    private static int Hold(ContactSlots slots, ulong caller)
    {
        var slot = slots.Rent();
        slots[slot] = new PendingContact { Caller = caller, Attribution = 0, Next = -1 };
        return slot;
    }
}
