using CallMetrics.Alerts;

namespace CallMetrics.Tests.Alerts;

public sealed class FiringAlertsTests
{
    [Fact]
    public void A_firing_change_lists_the_alert_and_its_resolve_removes_it()
    {
        var firing = new FiringAlerts();

        firing.Accept(Some.Firing(queue: "sales"));
        firing.Accept(Some.Firing(queue: "support", minutes: 1));
        firing.Current.Select(a => a.Tag("queue")).Should().Equal("sales", "support");

        firing.Accept(Some.Resolved(queue: "sales"));
        firing.Current.Should().ContainSingle().Which.Tag("queue").Should().Be("support");
    }

    [Fact]
    public void A_second_firing_of_a_firing_alert_keeps_the_first_since()
    {
        var firing = new FiringAlerts();

        firing.Accept(Some.Firing(value: 130));
        firing.Accept(Some.Firing(value: 200, minutes: 3));

        firing.Current.Should().ContainSingle().Which.At.Should().Be(Some.At);
    }

    [Fact]
    public void Alerts_are_listed_oldest_first_then_by_rule()
    {
        var firing = new FiringAlerts();

        firing.Accept(Some.Firing(rule: "z-rule", minutes: 2));
        firing.Accept(Some.Firing(rule: "b-rule", minutes: 1));
        firing.Accept(Some.Firing(rule: "a-rule", minutes: 1));

        firing.Current.Select(a => a.Rule).Should().Equal("a-rule", "b-rule", "z-rule");
    }
}
