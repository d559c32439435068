using CallMetrics.Simulation;

namespace CallMetrics.Tests.Simulation;

/// <summary>Test data for the simulation tests.</summary>
internal static class Some
{
    public static SimulationOptions Options(int seed = 7, int agents = 20, TimeSpan? duration = null, Action<SimulationOptions>? configure = null)
    {
        var options = new SimulationOptions
        {
            Seed = seed,
            Agents = agents,
            Start = new DateTimeOffset(2026, 11, 22, 6, 0, 0, TimeSpan.Zero),
            Duration = duration ?? TimeSpan.FromHours(16),
        };
        configure?.Invoke(options);
        return options;
    }

    public static List<SimulatedEvent> Events(SimulationOptions options) => [.. new CallCenterSimulator(options)];

    public static byte[] JsonLines(IEnumerable<SimulatedEvent> events)
    {
        using var stream = new MemoryStream();
        var sink = new JsonLinesEventSink(stream);
        foreach (var e in events)
        {
            sink.Write(e);
        }

        return stream.ToArray();
    }
}
