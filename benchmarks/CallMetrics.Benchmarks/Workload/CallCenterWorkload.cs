using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;

namespace CallMetrics.Benchmarks.Workload;

/// <summary>
/// A generated workload held in memory twice: as the JSON lines a source would deliver (one contiguous
/// buffer and line offsets, so benchmarks read bytes the way the replay path does) and as the same
/// events decoded once into <see cref="CanonicalEvent"/>s, for the stages that start after decoding.
/// </summary>
public sealed class CallCenterWorkload
{
    private CallCenterWorkload(WorkloadOptions options, byte[] json, int[] lineStarts, CanonicalEvent[] events, SymbolTable symbols, long calls, long callEvents, double plannedEventsPerCall)
    {
        Options = options;
        Json = json;
        LineStarts = lineStarts;
        Events = events;
        Symbols = symbols;
        Calls = calls;
        CallEvents = callEvents;
        PlannedEventsPerCall = plannedEventsPerCall;
    }

    /// <summary>What was generated.</summary>
    public WorkloadOptions Options { get; }

    /// <summary>All lines, each ending in '\n'.</summary>
    public byte[] Json { get; }

    /// <summary>Start of line i is <c>LineStarts[i]</c>; its end (before '\n') is <c>LineStarts[i + 1] - 1</c>.</summary>
    public int[] LineStarts { get; }

    /// <summary>The lines decoded, in the same order (event time).</summary>
    public CanonicalEvent[] Events { get; }

    /// <summary>The table the events' symbols live in.</summary>
    public SymbolTable Symbols { get; }

    /// <summary>Number of events.</summary>
    public int Count => Events.Length;

    /// <summary>Calls started.</summary>
    public long Calls { get; }

    /// <summary>Events that belong to a call (all but agent.*).</summary>
    public long CallEvents { get; }

    /// <summary>Mean events per call as generated: abandons included, agent events excluded.</summary>
    public double PlannedEventsPerCall { get; }

    /// <summary>Mean events per started call within this sample, where the last calls are cut off by the end of the stream.</summary>
    public double EventsPerCallInSample => Calls == 0 ? 0 : (double)CallEvents / Calls;

    /// <summary>Mean JSON bytes per event, '\n' included.</summary>
    public double BytesPerEvent => (double)Json.Length / Count;

    /// <summary>Event time covered, in seconds.</summary>
    public double SpanSeconds => Count == 0 ? 0 : (Events[^1].Timestamp - Events[0].Timestamp) / 1e9;

    /// <summary>Line <paramref name="i"/> without its '\n'.</summary>
    public ReadOnlySpan<byte> Line(int i) => Json.AsSpan(LineStarts[i], LineStarts[i + 1] - LineStarts[i] - 1);

    /// <summary>Generates the workload and decodes it once; throws if any generated line fails to decode.</summary>
    public static CallCenterWorkload Create(WorkloadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var generator = new SyntheticCallCenter(options);
        var writer = new JsonLineWriter(options);
        var json = new byte[Math.Max(1 << 16, Math.Min(options.Events * 220L, Array.MaxLength))];
        var lineStarts = new int[options.Events + 1];
        var used = 0;
        var count = 0;
        long callEvents = 0;
        while (generator.TryNext(out var e))
        {
            if (json.Length - used < JsonLineWriter.MaxLineBytes)
            {
                // Past ~10M events the buffer would pass 2 GB: doubling stops at the largest array.
                Array.Resize(ref json, (int)Math.Min(json.Length * 2L, Array.MaxLength));
            }

            lineStarts[count++] = used;
            used += writer.Write(e, json.AsSpan(used));
            callEvents += e.Type.IsCallEvent() ? 1 : 0;
        }

        lineStarts[count] = used;
        Array.Resize(ref json, used);
        Array.Resize(ref lineStarts, count + 1);

        var symbols = new SymbolTable();
        var decoder = new EventDecoder(symbols);
        var events = new CanonicalEvent[count];
        for (var i = 0; i < count; i++)
        {
            var line = json.AsSpan(lineStarts[i], lineStarts[i + 1] - lineStarts[i] - 1);
            var result = decoder.Decode(line, out events[i]);
            if (!result.IsOk)
            {
                throw new InvalidOperationException($"generated line {i + 1} does not decode: {result.Message}: {System.Text.Encoding.UTF8.GetString(line)}");
            }
        }

        return new CallCenterWorkload(options, json, lineStarts, events, symbols, generator.Calls, callEvents, generator.PlannedEventsPerCall);
    }

    /// <summary>Streams a workload of <see cref="WorkloadOptions.Events"/> events to a file without holding it in memory.</summary>
    public static (long Events, long Bytes) WriteFile(WorkloadOptions options, string path)
    {
        ArgumentNullException.ThrowIfNull(options);
        var generator = new SyntheticCallCenter(options);
        var writer = new JsonLineWriter(options);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var buffer = new byte[1 << 20];
        var used = 0;
        long bytes = 0;
        while (generator.TryNext(out var e))
        {
            if (buffer.Length - used < JsonLineWriter.MaxLineBytes)
            {
                file.Write(buffer, 0, used);
                bytes += used;
                used = 0;
            }

            used += writer.Write(e, buffer.AsSpan(used));
        }

        file.Write(buffer, 0, used);
        bytes += used;
        return (generator.Produced, bytes);
    }
}
