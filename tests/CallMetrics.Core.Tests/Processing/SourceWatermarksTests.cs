using CallMetrics.Core.Events;
using CallMetrics.Core.Processing;
using CallMetrics.Core.Snapshots;

namespace CallMetrics.Core.Tests.Processing;

/// <summary>
/// The watermark from each source's progress, as a unit: the slowest active source minus the lateness, held back
/// by a registered source that has not delivered, never moving back. The engine-level behaviour is in
/// <see cref="SourceWatermarkTests"/>.
/// </summary>
public sealed class SourceWatermarksTests
{
    private const long Lateness = 60;

    private readonly SourceWatermarks _sources = new(Lateness);

    [Fact]
    public void There_is_no_watermark_before_a_source_delivers()
    {
        _sources.Register(0, 0);

        _sources.Watermark.Should().Be(long.MinValue);
    }

    [Fact]
    public void One_source_gives_its_largest_time_minus_the_lateness_and_says_when_it_moved()
    {
        var moves = new[] { _sources.Observe(0, 1000), _sources.Observe(0, 900), _sources.Observe(0, 1000), _sources.Observe(0, 1001) };

        moves.Should().Equal(true, false, false, true);
        _sources.Watermark.Should().Be(1001 - Lateness);
    }

    [Fact]
    public void The_slowest_active_source_sets_the_watermark()
    {
        _sources.Observe(0, 1000);
        _sources.Observe(1, 5000).Should().BeFalse("source 0 is behind");

        _sources.Observe(0, 2000).Should().BeTrue();

        _sources.Watermark.Should().Be(2000 - Lateness);
    }

    [Fact]
    public void A_registered_source_that_has_not_delivered_holds_the_watermark_until_it_delivers_or_is_idle()
    {
        _sources.Register(0, 0);
        _sources.Register(1, 1);
        _sources.Observe(1, 5000).Should().BeFalse();

        _sources.SetIdle(0, idle: true).Should().BeTrue();

        _sources.Watermark.Should().Be(5000 - Lateness);
    }

    [Fact]
    public void With_every_source_idle_the_largest_time_of_all_counts()
    {
        _sources.Observe(0, 1000);
        _sources.Observe(1, 5000);

        _sources.SetIdle(0, idle: true);
        _sources.SetIdle(1, idle: true).Should().BeFalse("source 1 was the only active one and stays the basis");

        _sources.Watermark.Should().Be(5000 - Lateness);
    }

    [Fact]
    public void A_source_that_delivers_again_is_active_again()
    {
        _sources.Observe(0, 1000);
        _sources.Observe(1, 5000);
        _sources.SetIdle(0, idle: true);

        _sources.Observe(0, 2000);
        _sources.Observe(1, 9000).Should().BeFalse("source 0, active again at 2000, is now the slowest");

        _sources.Watermark.Should().Be(5000 - Lateness);
    }

    [Fact]
    public void The_watermark_never_moves_back()
    {
        _sources.Observe(0, 5000);
        var before = _sources.Watermark;

        _sources.Observe(1, 1000).Should().BeFalse();
        _sources.Register(2, 2);
        _sources.SetIdle(2, idle: false);

        _sources.Watermark.Should().Be(before);
    }

    [Fact]
    public void A_progress_marker_behind_what_the_source_reached_changes_nothing()
    {
        _sources.Observe(1, 4000);
        _sources.Observe(0, 5000);

        _sources.Advance(1, 3000).Should().BeFalse();
        _sources.Advance(1, 4500).Should().BeTrue();

        _sources.Watermark.Should().Be(4500 - Lateness);
    }

    [Fact]
    public void A_removed_source_no_longer_holds_the_watermark_back_and_no_longer_counts_as_registered()
    {
        _sources.Register(0, 0);
        _sources.Register(1, 1);
        _sources.Observe(1, 5000);

        _sources.Remove(0).Should().BeTrue();

        _sources.Watermark.Should().Be(5000 - Lateness);
    }

    [Fact]
    public void A_negative_source_is_a_misuse()
    {
        var observe = () => _sources.Observe(-1, 1000);

        observe.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Restored_tracking_goes_on_exactly_as_the_original()
    {
        _sources.Register(0, 0);
        _sources.Observe(1, 5000);
        _sources.Observe(2, 7000);
        _sources.SetIdle(0, idle: true);
        var symbols = new SymbolTable();
        using var buffer = new MemoryStream();
        using (var w = new SnapshotWriter(buffer, symbols))
        {
            _sources.WriteTo(w);
        }

        var restored = new SourceWatermarks(Lateness);
        using (var r = new SnapshotReader(new MemoryStream(buffer.ToArray()), symbols))
        {
            restored.ReadFrom(r, _sources.Watermark, withOrder: true);
        }

        restored.Watermark.Should().Be(_sources.Watermark);
        restored.Observe(1, 6000).Should().Be(_sources.Observe(1, 6000));
        restored.SetIdle(0, idle: false).Should().Be(_sources.SetIdle(0, idle: false));
        restored.Observe(0, 6500).Should().Be(_sources.Observe(0, 6500));
        restored.Watermark.Should().Be(_sources.Watermark).And.Be(6000 - Lateness);
    }
}
