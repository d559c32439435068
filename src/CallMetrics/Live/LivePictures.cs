using System.Threading.Channels;
using Akka;
using Akka.Actor;
using Akka.Configuration;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace CallMetrics.Live;

/// <summary>
/// The live pictures as a stream (docs/GRAPH.md "Live views"): every picture the live view publishes goes into a
/// <c>BroadcastHub</c> that each <c>/api/v1/live/stream</c> client, and through it the wallboard, subscribes to.
/// Nothing on the way waits: the view hands a picture to a one-slot queue that drops the older picture, and each
/// subscriber reads through a one-slot mailbox that keeps only the newest. A slow subscriber skips pictures (a picture
/// is the whole state, so the newest one replaces every older one); it never holds up the hub, the other subscribers
/// or the engine shards. A subscriber whose socket stays stuck is cut by the stream endpoint.
/// </summary>
internal sealed class LivePictures : IDisposable
{
    private const string Config = """
        akka {
          loglevel = WARNING
          stdout-loglevel = OFF
          log-dead-letters = off
          log-dead-letters-during-shutdown = off
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        """;

    private readonly ActorSystem _system;
    private readonly IMaterializer _materializer;
    private readonly ISourceQueueWithComplete<LivePicture> _queue;
    private readonly Source<LivePicture, NotUsed> _hub;

    /// <summary>Starts the hub in an actor system of its own (the graph's may not exist yet, and stops before the HTTP side).</summary>
    public LivePictures()
    {
        _system = ActorSystem.Create("callmetrics-live", ConfigurationFactory.ParseString(Config));
        _materializer = _system.Materializer();
        (_queue, _hub) = Source.Queue<LivePicture>(1, OverflowStrategy.DropHead)
            .ToMaterialized(BroadcastHub.Sink<LivePicture>(bufferSize: 2), Keep.Both)
            .Run(_materializer);
    }

    /// <summary>Hands a newly published picture to the subscribers; never waits.</summary>
    public void Publish(LivePicture picture) => _ = _queue.OfferAsync(picture);

    /// <summary>A new subscriber: the pictures published from now on (the newest one only, when it reads slower than they come).</summary>
    public LiveSubscription Subscribe()
    {
        var mailbox = Channel.CreateBounded<LivePicture>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = true,
        });
        var stop = _hub
            .ViaMaterialized(KillSwitches.Single<LivePicture>(), Keep.Right)
            .To(Sink.ForEach<LivePicture>(picture => mailbox.Writer.TryWrite(picture)))
            .Run(_materializer);
        return new LiveSubscription(mailbox.Reader, stop);
    }

    /// <summary>Ends the hub and every subscription.</summary>
    public void Dispose()
    {
        _queue.Complete();
        _system.Terminate().Wait(TimeSpan.FromSeconds(5));
    }
}
