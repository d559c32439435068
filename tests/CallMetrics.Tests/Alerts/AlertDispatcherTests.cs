using CallMetrics.Alerts;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallMetrics.Tests.Alerts;

public sealed class AlertDispatcherTests
{
    [Fact]
    public void A_sink_that_throws_is_counted_and_the_next_sink_still_gets_the_change()
    {
        var firing = new FiringAlerts();
        var dispatcher = new AlertDispatcher([new ThrowingSink(), firing], NullLogger<AlertDispatcher>.Instance);

        dispatcher.Publish(Some.Firing());

        dispatcher.Failures.Should().Be(1);
        firing.Current.Should().ContainSingle();
    }

    [Fact]
    public void Every_change_is_counted_by_rule_and_state()
    {
        var tally = new AlertTally();
        var dispatcher = new AlertDispatcher([tally], NullLogger<AlertDispatcher>.Instance);

        dispatcher.Publish(Some.Firing());
        dispatcher.Publish(Some.Resolved());
        dispatcher.Publish(Some.Firing(minutes: 20));
        dispatcher.Publish(Some.Firing(rule: "low-sl"));

        tally.Counts().Should().Equal(("long-wait", AlertState.Firing, 2L), ("long-wait", AlertState.Resolved, 1L), ("low-sl", AlertState.Firing, 1L));
    }

    private sealed class ThrowingSink : IAlertSink
    {
        public void Accept(AlertChange change) => throw new InvalidOperationException("a broken consumer");
    }
}
