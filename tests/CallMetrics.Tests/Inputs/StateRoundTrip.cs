using System.Text;
using CallMetrics.Inputs;

namespace CallMetrics.Tests.Inputs;

/// <summary>
/// The checkpoint property of <see cref="IEventTranslator.WriteState"/>: translating A, saving, restoring into a new
/// translator and translating B gives exactly what one translator gives for A then B (events, rejections, and the
/// events released at the end).
/// </summary>
internal static class StateRoundTrip
{
    /// <summary>
    /// What one translator makes of all of <paramref name="lines"/>: the events, each prefixed with the line after which
    /// it was released (or <c>end</c>), and the rejections as <c>line: reason</c>.
    /// </summary>
    public static (List<string> Events, List<string> Rejected) Uninterrupted(Func<IEventTranslator> create, IReadOnlyList<string> lines)
    {
        var translator = create();
        var result = (Events: new List<string>(), Rejected: new List<string>());
        Translate(translator, lines, 0, lines.Count, result);
        Complete(translator, result.Events);
        return result;
    }

    /// <summary>The same, with the translator saved after <paramref name="split"/> lines and restored into a new one.</summary>
    public static (List<string> Events, List<string> Rejected) Interrupted(Func<IEventTranslator> create, IReadOnlyList<string> lines, int split)
    {
        var first = create();
        var result = (Events: new List<string>(), Rejected: new List<string>());
        Translate(first, lines, 0, split, result);

        var second = Restore(first, create);
        Translate(second, lines, split, lines.Count, result);
        Complete(second, result.Events);
        return result;
    }

    /// <summary>A new translator that read the state <paramref name="saved"/> wrote; its own state then writes the same bytes.</summary>
    public static IEventTranslator Restore(IEventTranslator saved, Func<IEventTranslator> create)
    {
        using var state = new MemoryStream();
        saved.WriteState(state);
        var written = state.ToArray();
        state.Position = 0;
        var restored = create();
        restored.ReadState(state);
        state.Position.Should().Be(written.Length, "ReadState reads the whole state and nothing after it");

        using var again = new MemoryStream();
        restored.WriteState(again);
        again.ToArray().AsSpan().SequenceEqual(written).Should().BeTrue("a restored translator holds the state it read");
        return restored;
    }

    private static void Translate(IEventTranslator translator, IReadOnlyList<string> lines, int from, int to, (List<string> Events, List<string> Rejected) result)
    {
        var events = new List<byte[]>();
        for (var i = from; i < to; i++)
        {
            if (!translator.TryTranslate(Encoding.UTF8.GetBytes(lines[i]), i + 1, events, out var reason))
            {
                result.Rejected.Add($"{i + 1}: {reason}");
            }

            // Each event with the line after which it was released: the held-back output must be released at the same moment.
            result.Events.AddRange(events.Select(e => $"{i + 1}: {Encoding.UTF8.GetString(e)}"));
            events.Clear();
        }
    }

    private static void Complete(IEventTranslator translator, List<string> output)
    {
        var events = new List<byte[]>();
        translator.Complete(events);
        output.AddRange(events.Select(e => $"end: {Encoding.UTF8.GetString(e)}"));
    }
}
