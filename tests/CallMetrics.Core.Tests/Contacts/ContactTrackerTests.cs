using CallMetrics.Core.Contacts;
using CallMetrics.Core.Output;

namespace CallMetrics.Core.Tests.Contacts;

public sealed class ContactTrackerTests
{
    private const long Second = 1_000_000_000L;
    private const long Window = 3_600 * Second;
    private const long Interval = 900 * Second;

    [Fact]
    public void A_call_of_the_same_caller_within_the_window_repeats_the_contact_and_is_a_repeat_call()
    {
        var tracker = new ContactTracker(Window, Interval);
        tracker.OnContact(caller: 7, call: 1, end: 100 * Second, tenant: 1, agent: 2, team: 3, queue: 4);

        tracker.OnCall(caller: 7, call: 5, start: 200 * Second).Should().BeTrue();

        Lines(tracker).Should().OnlyContain(l => l.Contacts == 1 && l.Repeated == 1 && l.Resolved == 0 && l.Pending == 0)
            .And.HaveCount(4, "agent, team, queue and tenant");
    }

    [Theory]
    [InlineData(99, false)] // open at E: no repeat
    [InlineData(100, true)] // S = E
    [InlineData(3_699, true)]
    [InlineData(3_700, false)] // S = E + W
    public void Only_a_call_starting_from_the_end_to_before_the_end_plus_the_window_repeats(long startSeconds, bool repeats)
    {
        var tracker = new ContactTracker(Window, Interval);
        tracker.OnContact(7, 1, 100 * Second, 1, 2, 0, 0);

        tracker.OnCall(7, 5, startSeconds * Second).Should().Be(repeats);
    }

    [Fact]
    public void Another_caller_or_the_same_call_id_is_no_repeat()
    {
        var tracker = new ContactTracker(Window, Interval);
        tracker.OnContact(7, 1, 100 * Second, 1, 2, 0, 0);

        tracker.OnCall(8, 5, 200 * Second).Should().BeFalse();
        tracker.OnCall(7, 1, 200 * Second).Should().BeFalse();
        tracker.PendingCount.Should().Be(1);
    }

    [Fact]
    public void The_clock_at_end_plus_window_resolves_a_pending_contact_and_forgets_it()
    {
        var tracker = new ContactTracker(Window, Interval);
        tracker.OnContact(7, 1, 100 * Second, 1, 2, 0, 0);

        tracker.ResolveUpTo(3_699 * Second);
        Lines(tracker).Single(l => l.Scope == FcrScope.Tenant).Pending.Should().Be(1);

        tracker.ResolveUpTo(3_700 * Second);
        Lines(tracker).Single(l => l.Scope == FcrScope.Tenant).Resolved.Should().Be(1);
        tracker.Held.Should().Be(0);
        tracker.OnCall(7, 5, 3_700 * Second).Should().BeFalse();
    }

    [Fact]
    public void One_call_repeats_every_pending_contact_of_its_caller_and_counts_once()
    {
        var tracker = new ContactTracker(Window, Interval);
        tracker.OnContact(7, 1, 100 * Second, 1, 2, 0, 0);
        tracker.OnContact(7, 2, 300 * Second, 1, 2, 0, 0);

        tracker.OnCall(7, 3, 400 * Second).Should().BeTrue();

        Lines(tracker).Single(l => l.Scope == FcrScope.Tenant).Should().Be(new FcrLine(FcrScope.Tenant, 1, 0, 2, 0, 2));
        tracker.PendingCount.Should().Be(0);
    }

    [Fact]
    public void Contacts_are_attributed_to_the_interval_of_their_end_and_a_team_or_queue_only_when_known()
    {
        var tracker = new ContactTracker(Window, Interval);
        tracker.OnContact(7, 1, 899 * Second, 1, 2, team: 0, queue: 0);
        tracker.OnContact(8, 2, 900 * Second, 1, 2, team: 3, queue: 4);

        var intervals = tracker.Intervals.Take(changedOnly: false).ToList();

        intervals.Select(i => i.Start).Should().Equal(0, Interval);
        intervals[0].Lines.Select(l => l.Scope).Should().Equal(FcrScope.Agent, FcrScope.Tenant);
        intervals[1].Lines.Select(l => l.Scope).Should().Equal(FcrScope.Agent, FcrScope.Team, FcrScope.Queue, FcrScope.Tenant);
    }

    [Fact]
    public void Only_intervals_whose_contacts_changed_are_taken_again()
    {
        var tracker = new ContactTracker(Window, Interval);
        tracker.OnContact(7, 1, 10 * Second, 1, 2, 0, 0);
        tracker.OnContact(8, 2, 1_000 * Second, 1, 2, 0, 0);
        tracker.Intervals.Take(changedOnly: true).Should().HaveCount(2);

        tracker.OnCall(8, 3, 1_100 * Second);

        tracker.Intervals.Take(changedOnly: true).Select(i => i.Start).Should().Equal(Interval);
        tracker.Intervals.Take(changedOnly: true).Should().BeEmpty();
    }

    [Fact]
    public void A_repeated_contact_is_forgotten_at_once_and_its_deadline_resolves_nothing()
    {
        var tracker = new ContactTracker(Window, Interval);
        tracker.OnContact(7, 1, 100 * Second, 1, 2, 0, 0);
        tracker.OnContact(8, 2, 150 * Second, 1, 2, 0, 0);

        tracker.OnCall(7, 5, 200 * Second).Should().BeTrue();
        tracker.Held.Should().Be(1, "only the other caller's contact is pending");
        tracker.OnContact(9, 3, 300 * Second, 1, 2, 0, 0); // takes the repeated contact's slot

        tracker.ResolveUpTo(3_750 * Second);

        Lines(tracker).Single(l => l.Scope == FcrScope.Tenant).Should().Be(new FcrLine(FcrScope.Tenant, 1, 0, 3, 1, 1), "one resolved, one repeated, one pending");
        tracker.PendingCount.Should().Be(1);
        tracker.OnCall(9, 6, 3_800 * Second).Should().BeTrue("the contact in the reused slot is still pending");
    }

    private static List<FcrLine> Lines(ContactTracker tracker) => [.. tracker.Intervals.Take(changedOnly: false).SelectMany(i => i.Lines)];
}
