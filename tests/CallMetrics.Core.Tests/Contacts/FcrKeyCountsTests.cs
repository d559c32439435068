using System.Runtime.CompilerServices;
using CallMetrics.Core.Contacts;

namespace CallMetrics.Core.Tests.Contacts;

public sealed class FcrKeyCountsTests
{
    [Fact]
    public void A_frozen_interval_keeps_its_counts_in_insertion_order_and_counts_on()
    {
        var counts = Filled(100);

        counts.Freeze();
        counts.Find((FcrScope.Agent, 1, 42)).Resolved++;

        counts.IsFrozen.Should().BeTrue();
        counts.Entries().Select(e => e.Key.Key).Should().Equal(Enumerable.Range(0, 100));
        counts.Find((FcrScope.Agent, 1, 42)).Should().Be(new FcrCounts { Contacts = 42, Resolved = 1 });
        Unsafe.IsNullRef(ref counts.Find((FcrScope.Agent, 1, 100))).Should().BeTrue();
    }

    [Fact]
    public void A_key_new_to_a_frozen_interval_thaws_it_and_comes_last()
    {
        var counts = Filled(3);
        counts.Freeze();

        counts.GetOrAdd((FcrScope.Tenant, 1, 0)).RepeatCalls++;

        counts.IsFrozen.Should().BeFalse();
        counts.Entries().Select(e => e.Key.Scope).Should().Equal(FcrScope.Agent, FcrScope.Agent, FcrScope.Agent, FcrScope.Tenant);
        counts.Find((FcrScope.Agent, 1, 2)).Contacts.Should().Be(2);
    }

    private static FcrKeyCounts Filled(int keys)
    {
        var counts = new FcrKeyCounts();
        for (var k = 0; k < keys; k++)
        {
            counts.GetOrAdd((FcrScope.Agent, 1, k)).Contacts = k;
        }

        return counts;
    }
}
