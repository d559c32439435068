using System.Globalization;
using System.Runtime.InteropServices;

namespace CallMetrics.Benchmarks.Peers;

/// <summary>
/// The part of the output every peer computes, per 15-minute interval (METRICS.md): per agent <c>handled</c> and the
/// handle time summed over those legs (so <c>aht_s</c> = sum / handled), per queue <c>offered</c>, <c>answered</c>
/// and <c>abandoned</c>. Entries whose counts are all zero are not kept (CallMetrics writes lines for keys with any
/// time, the peers only for keys with a count), so two subsets are equal exactly when the fields are.
/// </summary>
public sealed class MetricsSubset
{
    /// <summary>The interval length: METRICS.md's default, aligned to the Unix epoch.</summary>
    public const long IntervalMs = 15 * 60 * 1000;

    /// <summary>Per agent and interval start (Unix ms).</summary>
    public Dictionary<(string Agent, long IntervalStartMs), AgentCounts> Agents { get; } = [];

    /// <summary>Per queue and interval start (Unix ms).</summary>
    public Dictionary<(string Queue, long IntervalStartMs), QueueCounts> Queues { get; } = [];

    /// <summary>The start of the interval containing <paramref name="ms"/>.</summary>
    public static long IntervalStart(long ms) => ms - (((ms % IntervalMs) + IntervalMs) % IntervalMs);

    /// <summary>Adds handled legs to an agent's interval.</summary>
    public void AddAgent(string agent, long intervalStartMs, int handled, long handleMs)
    {
        if (handled == 0 && handleMs == 0)
        {
            return;
        }

        ref var counts = ref CollectionsMarshal.GetValueRefOrAddDefault(Agents, (agent, intervalStartMs), out _);
        counts = new AgentCounts(counts.Handled + handled, counts.HandleMs + handleMs);
    }

    /// <summary>Adds queue counts to a queue's interval.</summary>
    public void AddQueue(string queue, long intervalStartMs, int offered, int answered, int abandoned)
    {
        if ((offered | answered | abandoned) == 0)
        {
            return;
        }

        ref var counts = ref CollectionsMarshal.GetValueRefOrAddDefault(Queues, (queue, intervalStartMs), out _);
        counts = new QueueCounts(counts.Offered + offered, counts.Answered + answered, counts.Abandoned + abandoned);
    }

    /// <summary>Adds one completed count to the interval containing its instant.</summary>
    public void Add(in Outcome outcome)
    {
        var interval = IntervalStart(outcome.AtMs);
        switch (outcome.Kind)
        {
            case OutcomeKind.Handled: AddAgent(outcome.Key, interval, 1, outcome.HandleMs); break;
            case OutcomeKind.Offered: AddQueue(outcome.Key, interval, 1, 0, 0); break;
            case OutcomeKind.Answered: AddQueue(outcome.Key, interval, 0, 1, 0); break;
            default: AddQueue(outcome.Key, interval, 0, 0, 1); break;
        }
    }

    /// <summary>Totals, for the report: handled legs, offered, answered, abandoned.</summary>
    public (long Handled, long Offered, long Answered, long Abandoned) Totals()
    {
        long handled = 0, offered = 0, answered = 0, abandoned = 0;
        foreach (var counts in Agents.Values)
        {
            handled += counts.Handled;
        }

        foreach (var counts in Queues.Values)
        {
            offered += counts.Offered;
            answered += counts.Answered;
            abandoned += counts.Abandoned;
        }

        return (handled, offered, answered, abandoned);
    }

    /// <summary>
    /// Where this subset differs from <paramref name="expected"/>: the number of differing entries and the first
    /// <paramref name="examples"/> of them in words (key, interval, expected and actual fields).
    /// </summary>
    public (int Count, List<string> Examples) Differences(MetricsSubset expected, int examples = 5)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var list = new List<string>();
        var count = 0;
        void Note(string text)
        {
            count++;
            if (list.Count < examples)
            {
                list.Add(text);
            }
        }

        foreach (var key in expected.Agents.Keys.Union(Agents.Keys).Order())
        {
            var want = expected.Agents.GetValueOrDefault(key);
            var got = Agents.GetValueOrDefault(key);
            if (want != got)
            {
                Note($"agent {key.Agent} at {Time(key.IntervalStartMs)}: expected {want}, got {got}");
            }
        }

        foreach (var key in expected.Queues.Keys.Union(Queues.Keys).Order())
        {
            var want = expected.Queues.GetValueOrDefault(key);
            var got = Queues.GetValueOrDefault(key);
            if (want != got)
            {
                Note($"queue {key.Queue} at {Time(key.IntervalStartMs)}: expected {want}, got {got}");
            }
        }

        return (count, list);
    }

    private static string Time(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);
}
