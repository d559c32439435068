using CallMetrics.Core.Contacts;

namespace CallMetrics.Core.Tests.Contacts;

public sealed class ContactDeadlinesTests
{
    [Fact]
    public void A_settled_contact_is_skipped_even_when_its_slot_holds_a_newer_contact()
    {
        var slots = new ContactSlots();
        var deadlines = new ContactDeadlines(slots);
        var first = Add(slots, deadlines, live: 0);
        var second = Add(slots, deadlines, live: 1);
        slots.Return(first);
        var third = Add(slots, deadlines, live: 1); // reuses the first's slot

        third.Should().Be(first);
        deadlines.TryPeek(out var oldest).Should().BeTrue();
        oldest.Should().Be(second);
        deadlines.Dequeue();
        deadlines.TryPeek(out oldest).Should().BeTrue();
        oldest.Should().Be(third);
        deadlines.Live().Should().Equal(third);
    }

    [Fact]
    public void A_full_ring_that_is_mostly_settled_is_compacted_rather_than_grown_and_keeps_the_order()
    {
        var slots = new ContactSlots();
        var deadlines = new ContactDeadlines(slots);
        var live = new List<int>();
        for (var i = 0; i < 10_000; i++)
        {
            live.Add(Add(slots, deadlines, live.Count));
            if (i % 10 != 0)
            {
                // Nine contacts in ten are repeated at once, as a caller calling back settles its contact.
                slots.Return(live[^1]);
                live.RemoveAt(live.Count - 1);
            }
        }

        deadlines.Count.Should().BeLessThan(2 * live.Count + 64, "stale entries are dropped when half the ring is stale");
        deadlines.Live().Should().Equal(live);
    }

    private static int Add(ContactSlots slots, ContactDeadlines deadlines, int live)
    {
        var slot = slots.Rent();
        slots[slot] = new PendingContact { Caller = 1, Attribution = 0, Next = -1 };
        deadlines.Enqueue(slot, live);
        return slot;
    }
}
