using CallMetrics.Core.Processing;
using CallMetrics.Core.Sessions;

namespace CallMetrics.Core.Tests.Sessions;

/// <summary>
/// The sessionizer prefetches the first N bytes of each call, agent and leg before it needs them; if a field
/// is added and an object outgrows N, the hint silently stops covering it. These measure the objects.
/// </summary>
public sealed class SessionSizeTests
{
    [Fact]
    public void The_prefetch_sizes_cover_every_field_of_an_agent_a_call_and_a_leg()
    {
        FieldBytes(() => new AgentSession()).Should().BeLessThanOrEqualTo(SessionStore.AgentBytes);
        FieldBytes(() => new CallSession()).Should().BeLessThanOrEqualTo(SessionStore.CallBytes);
        FieldBytes(() => new Leg()).Should().BeLessThanOrEqualTo(SessionStore.LegBytes);
    }

    [Fact]
    public void The_prefetch_sizes_are_not_far_beyond_the_objects()
    {
        // A size a line or more too large prefetches someone else's memory on every event.
        FieldBytes(() => new AgentSession()).Should().BeGreaterThan(SessionStore.AgentBytes - 64);
        FieldBytes(() => new CallSession()).Should().BeGreaterThan(SessionStore.CallBytes - 64);
        FieldBytes(() => new Leg()).Should().BeGreaterThan(SessionStore.LegBytes - 64);
    }

    // Objects allocated one after another in a fresh allocation context lie back to back: the distance between
    // two is the object's size, of which 16 bytes (header and method table) come before the fields.
    private static long FieldBytes(Func<object> create)
    {
        var distances = new List<long>();
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var a = create();
            var b = create();
            var c = create();
            distances.Add(Math.Min((long)(CacheHint.AddressOf(b) - CacheHint.AddressOf(a)), (long)(CacheHint.AddressOf(c) - CacheHint.AddressOf(b))));
            GC.KeepAlive(a);
            GC.KeepAlive(b);
            GC.KeepAlive(c);
        }

        // The most common distance: a collection or a new allocation context between two allocations is rare.
        return distances.Where(d => d > 0).GroupBy(d => d).OrderByDescending(g => g.Count()).First().Key - 16;
    }
}
