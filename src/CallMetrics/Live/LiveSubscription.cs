using System.Threading.Channels;
using Akka.Streams;

namespace CallMetrics.Live;

/// <summary>One subscriber of <see cref="LivePictures"/>: the newest picture not read yet; disposing it leaves the hub.</summary>
/// <param name="pictures">The subscriber's one-slot mailbox.</param>
/// <param name="stop">Detaches the subscriber from the hub.</param>
internal sealed class LiveSubscription(ChannelReader<LivePicture> pictures, UniqueKillSwitch stop) : IDisposable
{
    /// <summary>The pictures, newest only.</summary>
    public ChannelReader<LivePicture> Pictures { get; } = pictures;

    /// <inheritdoc/>
    public void Dispose() => stop.Shutdown();
}
