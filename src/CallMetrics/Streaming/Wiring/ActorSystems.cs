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

    // The service stops through CoordinatedShutdown, run by the host on SIGTERM (not by the CLR's exit hook): its
    // service-stop phase drains the graph, which waits for the sink, so it gets more than the default 5 s.
    private const string Service = """
        akka {
          loglevel = WARNING
          stdout-loglevel = OFF
          loggers = ["CallMetrics.Streaming.Wiring.AkkaLogger, callmetrics"]
          log-dead-letters = off
          log-dead-letters-during-shutdown = off
          coordinated-shutdown.run-by-clr-shutdown-hook = off
          coordinated-shutdown.exit-clr = off
          coordinated-shutdown.phases.service-stop.timeout = 10m
          coordinated-shutdown.phases.service-stop.recover = on
        }
        """;

    /// <summary>The service's system, logging through <paramref name="loggers"/>.</summary>
    public static ActorSystem ForService(Microsoft.Extensions.Logging.ILoggerFactory loggers) => ActorSystem.Create(
        "callmetrics",
        BootstrapSetup.Create().WithConfig(ConfigurationFactory.ParseString(Service)).And(new LoggerFactorySetup(loggers)));

    /// <summary>A system for one replay, silent.</summary>
    public static ActorSystem ForReplay() => ActorSystem.Create("callmetrics-replay", ConfigurationFactory.ParseString(Quiet));

    /// <summary>
    /// The materializer of the graph: small input buffers, since every element is a batch of thousands of records
    /// (a few batches in flight per boundary keep both cores busy and memory bounded).
    /// </summary>
    public static IMaterializer Materializer(ActorSystem system) =>
        ActorMaterializer.Create(system, ActorMaterializerSettings.Create(system).WithInputBuffer(4, 4));
}
