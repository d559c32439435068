using CallMetrics.Live;

namespace CallMetrics.Tests.Live;

public sealed class LivePicturesTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly LivePictures _pictures = new();

    [Fact]
    public async Task Several_subscribers_get_the_same_pictures_in_order()
    {
        var subscribers = Enumerable.Range(0, 3).Select(_ => _pictures.Subscribe()).ToList();
        try
        {
            await AttachedAsync(subscribers);

            var received = subscribers.Select(_ => new List<long>()).ToList();
            for (var version = 1; version <= 20; version++)
            {
                _pictures.Publish(new LivePicture { Version = version });
                for (var k = 0; k < subscribers.Count; k++)
                {
                    received[k].Add(await NextVersionAsync(subscribers[k]));
                }
            }

            foreach (var versions in received)
            {
                versions.Should().Equal(Enumerable.Range(1, 20).Select(v => (long)v));
            }
        }
        finally
        {
            subscribers.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task A_subscriber_that_never_reads_keeps_only_the_newest_picture_and_holds_up_neither_publishing_nor_the_others()
    {
        using var stuck = _pictures.Subscribe();
        using var reader = _pictures.Subscribe();
        await AttachedAsync([stuck, reader]);

        // Publishing never waits: a thousand pictures go in while one subscriber reads nothing.
        for (var version = 1; version <= 1000; version++)
        {
            _pictures.Publish(new LivePicture { Version = version });
        }

        // The reading subscriber gets to the last picture (skipping some is allowed: each picture is the whole state).
        long last = 0;
        while (last < 1000)
        {
            last = (await reader.Pictures.ReadAsync().AsTask().WaitAsync(Bound)).Version;
        }

        // The stuck one holds one picture, the newest: older ones were dropped, nothing piled up.
        await WaitUntilAsync(() => stuck.Pictures.Count == 1 && stuck.Pictures.TryPeek(out var p) && p.Version == 1000);
        stuck.Pictures.TryRead(out var held).Should().BeTrue();
        held!.Version.Should().Be(1000);
        stuck.Pictures.TryRead(out _).Should().BeFalse("a subscriber's mailbox holds one picture");
    }

    public void Dispose() => _pictures.Dispose();

    /// <summary>Subscribing attaches to the hub asynchronously: publishes a picture of version 0 until each has one.</summary>
    private async Task AttachedAsync(IReadOnlyList<LiveSubscription> subscribers)
    {
        var attached = new bool[subscribers.Count];
        await WaitUntilAsync(() =>
        {
            _pictures.Publish(new LivePicture { Version = 0 });
            for (var k = 0; k < subscribers.Count; k++)
            {
                while (subscribers[k].Pictures.TryRead(out _))
                {
                    attached[k] = true;
                }
            }

            return attached.All(a => a);
        });

    }

    /// <summary>The version of the next picture other than a warm-up one (version 0, possibly still on its way).</summary>
    private static async Task<long> NextVersionAsync(LiveSubscription subscriber)
    {
        while (true)
        {
            var version = (await subscriber.Pictures.ReadAsync().AsTask().WaitAsync(Bound)).Version;
            if (version != 0)
            {
                return version;
            }
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            clock.Elapsed.Should().BeLessThan(Bound, "the hub delivers within seconds");
            await Task.Delay(20);
        }
    }
}
