using Akka;
using Akka.Actor;
using Akka.Configuration;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace CallMetrics.Benchmarks.Peers.AkkaStreams;

/// <summary>
/// The program a developer would write from the design card with Akka.Streams 1.5: records' bytes deserialized,
/// <c>GroupBy</c> call id into one substream per call that folds the call's events (<see cref="CallFold"/>) and closes
/// when the call is finished, merged back; then <c>GroupBy</c> agent or queue into one substream per key that sums
/// its counts per 15-minute interval and emits an interval when the next one starts (and the last ones when the
/// input ends); a sink collects the intervals. All stages fused into one actor, so one thread, as written: no
/// <c>Async</c> boundaries, batches or custom stages.
/// </summary>
internal sealed class AkkaStreamsPeer : IPeer
{
    /// <summary>Substreams open at once: calls in progress, agents and queues (a center of thousands of agents has fewer).</summary>
    private const int MaxSubstreams = 200_000;

    /// <summary>Streams carry no nulls: this marks the end of input in each key's substream.</summary>
    private static readonly Outcome EndOfInput = new(OutcomeKind.Offered, "", long.MinValue, 0);

    private readonly ActorSystem _system = ActorSystem.Create("peers", ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING"));
    private readonly ActorMaterializer _materializer;

    public AkkaStreamsPeer() => _materializer = _system.Materializer();

    public string Name => "akka_streams";

    public string Description => "Akka.Streams 1.5.75: GroupBy call -> fold per call -> GroupBy agent/queue -> 15 min windows, fused (1 thread)";

    public Func<PeerRun> Prepare(PeerWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var graph = Source.From(workload.Values)
            .Select(bytes => PeerEvent.Parse(bytes))
            // Surveys come after the call is finished and count for nothing in the subset: they would reopen its substream.
            .Where(e => e.CallId is not null && e.Type != PeerEventType.SurveyCompleted)
            .Via(SessionizeCalls())
            .Via(WindowPerKey())
            .ToMaterialized(Sink.Aggregate<IntervalCounts, MetricsSubset>(new MetricsSubset(), (subset, counts) =>
            {
                // A key's intervals may come in more than one piece if the merge reorders two calls' counts: add them up.
                counts.AddTo(subset);
                return subset;
            }), Keep.Right);
        return () => new PeerRun(graph.Run(_materializer).GetAwaiter().GetResult());
    }

    public void Dispose()
    {
        _materializer.Dispose();
        _system.Terminate().Wait();
    }

    private static Flow<PeerEvent, Outcome, NotUsed> SessionizeCalls()
    {
        var perCall = (Flow<PeerEvent, CallStep, NotUsed>)Flow.Create<PeerEvent>()
            .GroupBy(MaxSubstreams, e => e.CallId!, allowClosedSubstreamRecreation: true)
            .StatefulSelectMany(() =>
            {
                var call = new CallFold();
                return (Func<PeerEvent, IEnumerable<CallStep>>)(e =>
                {
                    var completed = new List<Outcome>(2);
                    call.Apply(e, completed);
                    return [new CallStep(completed, call.IsFinished)];
                });
            })
            .TakeWhile(step => !step.Finished, inclusive: true)
            .MergeSubstreams();
        return perCall.SelectMany(step => step.Completed);
    }

    private static Flow<Outcome, IntervalCounts, NotUsed> WindowPerKey() =>
        (Flow<Outcome, IntervalCounts, NotUsed>)Flow.Create<Outcome>()
            .GroupBy(MaxSubstreams, o => (o.Kind == OutcomeKind.Handled, o.Key))
            // The end of input reaches every key's substream as one marker, which emits the key's open interval.
            .Concat(Source.Single(EndOfInput))
            .StatefulSelectMany(() =>
            {
                IntervalCounts? open = null;
                return (Func<Outcome, IEnumerable<IntervalCounts>>)(o =>
                {
                    if (o == EndOfInput)
                    {
                        return open is { } last ? [last] : [];
                    }

                    var interval = MetricsSubset.IntervalStart(o.AtMs);
                    IntervalCounts[] emitted = [];
                    if (open is { } current && current.IntervalStartMs != interval)
                    {
                        emitted = [current];
                        open = null;
                    }

                    var counts = open ?? new IntervalCounts(o.Kind == OutcomeKind.Handled, o.Key, interval, default, default);
                    open = o.Kind switch
                    {
                        OutcomeKind.Handled => counts with { Agent = new AgentCounts(counts.Agent.Handled + 1, counts.Agent.HandleMs + o.HandleMs) },
                        OutcomeKind.Offered => counts with { Queue = counts.Queue with { Offered = counts.Queue.Offered + 1 } },
                        OutcomeKind.Answered => counts with { Queue = counts.Queue with { Answered = counts.Queue.Answered + 1 } },
                        _ => counts with { Queue = counts.Queue with { Abandoned = counts.Queue.Abandoned + 1 } },
                    };
                    return emitted;
                });
            })
            .MergeSubstreams();
}
