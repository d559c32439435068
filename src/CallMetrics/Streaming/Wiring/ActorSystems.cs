using Akka.Actor;
using Akka.Configuration;
using Akka.Streams;

namespace CallMetrics.Streaming.Wiring;

/// <summary>The actor systems the graph runs in, and their materializers.</summary>
internal static class ActorSystems
{
    // Replay writes its output to standard output: Akka's own logging must stay out of it.
    private const string Quiet = """
        akka {
          loglevel = OFF
          stdout-loglevel = OFF
          log-dead-letters = off
          log-dead-letters-during-shutdown = off
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        """;

    /// <summary>A system for one replay, silent.</summary>
    public static ActorSystem ForReplay() => ActorSystem.Create("callmetrics-replay", ConfigurationFactory.ParseString(Quiet));

    /// <summary>
    /// The materializer of the graph: small input buffers, since every element is a batch of thousands of records
    /// (a few batches in flight per boundary keep both cores busy and memory bounded).
    /// </summary>
    public static IMaterializer Materializer(ActorSystem system) =>
        ActorMaterializer.Create(system, ActorMaterializerSettings.Create(system).WithInputBuffer(4, 4));
}
