using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Event;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallMetrics.Streaming.Wiring;

/// <summary>
/// Akka's logger for the service's actor system: Akka's log events go to Microsoft.Extensions.Logging, so the
/// graph's messages appear with the host's, in its format, under the category <c>Akka.{source}</c>.
/// </summary>
internal sealed class AkkaLogger : ReceiveActor
{
    /// <summary>The configuration value of <c>akka.loggers</c> that selects this logger.</summary>
    public const string TypeName = "CallMetrics.Streaming.Wiring.AkkaLogger, callmetrics";

    public AkkaLogger()
    {
        var factory = Context.System.Settings.Setup.Get<LoggerFactorySetup>().Value?.Factory ?? NullLoggerFactory.Instance;
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e => factory.CreateLogger("Akka." + e.LogClass.Name).Log(Level(e.LogLevel()), e.Cause, "{Source}: {Message}", e.LogSource, e.Message));
    }

    private static Microsoft.Extensions.Logging.LogLevel Level(Akka.Event.LogLevel level) => level switch
    {
        Akka.Event.LogLevel.DebugLevel => Microsoft.Extensions.Logging.LogLevel.Debug,
        Akka.Event.LogLevel.InfoLevel => Microsoft.Extensions.Logging.LogLevel.Information,
        Akka.Event.LogLevel.WarningLevel => Microsoft.Extensions.Logging.LogLevel.Warning,
        _ => Microsoft.Extensions.Logging.LogLevel.Error,
    };
}

/// <summary>Hands the host's logger factory to <see cref="AkkaLogger"/> through the actor system's setup.</summary>
/// <param name="factory">The host's logger factory.</param>
internal sealed class LoggerFactorySetup(ILoggerFactory factory) : Setup
{
    /// <summary>The host's logger factory.</summary>
    public ILoggerFactory Factory { get; } = factory;
}
