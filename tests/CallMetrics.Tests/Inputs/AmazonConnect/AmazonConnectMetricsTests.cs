namespace CallMetrics.Tests.Inputs.AmazonConnect;

/// <summary>
/// Interval metrics of <c>callmetrics replay --format amazon-connect</c> over the realistic logs in TestData, against
/// values computed by hand below (METRICS.md defaults). The agent event stream never shows contacts abandoned in queue,
/// so offered, abandons and the ratios built on them are left out; so are transfers and surveys.
/// </summary>
public class AmazonConnectMetricsTests
{
    private static Task<List<LineProtocol>> ReplayAsync(string file) =>
        LineProtocol.ReplayAsync("--format", "amazon-connect", "--input", Translation.TestData(file));

    [Fact]
    public async Task Normal_day()
    {
        var lines = await ReplayAsync("amazon-connect-normal-day.jsonl");

        // Login and logout times are the AgentStatus.StartTimestamp of the first non-Offline status and of the Offline
        // one (Connect's online time), not the EventTimestamp of the record, which is written a little later (alice's
        // LOGIN record 09:00:00.020, bob's Available record 09:00:10.040): docs/INPUTS.md.
        // alice (team blue), logged in 09:00:00-09:14:30 = 870 s.
        //   A1 sales: connected 09:01:15, hold 09:03:15-09:03:45 (30), ENDED 09:05:15 -> talk 240 - 30 = 210;
        //     ACW until cleared 09:05:45 = 30 -> handle 270.
        //   O1 outbound: connected 09:08:10, ENDED 09:10:10 -> talk 120; cleared 09:10:20 -> wrap 10 -> handle 130.
        //   Break 09:11:00-09:13:00 = 120 not ready. busy 400, available 870 - 400 - 120 = 350.
        lines.Agent("alice").Has(
            ("handled", 2), ("aht_s", 200.0), ("talk_s", 330.0), ("hold_s", 30.0), ("wrap_s", 40.0), ("busy_s", 400.0),
            ("available_s", 350.0), ("not_ready_s", 120.0), ("logged_in_s", 870.0), ("occupancy", 400.0 / 750), ("utilization", 400.0 / 870),
            ("transfers", null), ("surveys", null));
        lines.Interval("agent_metrics", LineProtocol.At0900, ("agent", "alice")).Tags["team"].Should().Be("blue");

        // bob (team green): LOGIN while Offline at 09:00:05, Available 09:00:10; LOGOUT 09:14:00 -> 830 s.
        //   B1 support: missed once (no event), connected 09:03:05, ENDED 09:06:05 -> talk 180; cleared 09:06:35 -> wrap 30.
        //   Lunch chosen during ACW (09:06:20) takes effect when ACW is cleared: not ready 09:06:35-09:10:00 = 205.
        //   busy 210, available 830 - 210 - 205 = 415.
        lines.Agent("bob").Has(
            ("handled", 1), ("aht_s", 210.0), ("talk_s", 180.0), ("hold_s", 0.0), ("wrap_s", 30.0), ("busy_s", 210.0),
            ("available_s", 415.0), ("not_ready_s", 205.0), ("logged_in_s", 830.0), ("occupancy", 210.0 / 625), ("utilization", 210.0 / 830));

        // sales: A1 queued 09:01:00, answered 09:01:15 -> wait 15; handled 270. support: B1 queued 09:02:00, answered 09:03:05 -> 65.
        lines.Queue("sales").Has(("answered", 1), ("asa_s", 15.0), ("handled", 1), ("aht_s", 270.0),
            ("offered", null), ("abandoned", null), ("service_level", null), ("abandon_rate", null), ("max_wait_s", null));
        lines.Queue("support").Has(("answered", 1), ("asa_s", 65.0), ("handled", 1), ("aht_s", 210.0));

        // tenant: handled 3 (outbound included), aht (270 + 130 + 210) / 3; busy 610, available 765.
        lines.Tenant().Has(("handled", 3), ("aht_s", 610.0 / 3), ("hold_s", 30.0), ("busy_s", 610.0), ("available_s", 765.0),
            ("answered", 2), ("asa_s", 40.0), ("offered", null), ("service_level", null));
    }

    [Fact]
    public async Task Transfer_and_abandons()
    {
        var lines = await ReplayAsync("amazon-connect-transfers-and-abandons.jsonl");

        // alice 09:00-09:10 = 600 s: C1 connected 09:01:00, ENDED (transferred to support) 09:04:00 -> talk 180, ACW to 09:04:20 = 20.
        //   The REJECTED offer (C3) and the caller hanging up while ringing (C4) leave no trace.
        lines.Agent("alice").Has(("handled", 1), ("aht_s", 200.0), ("talk_s", 180.0), ("wrap_s", 20.0), ("busy_s", 200.0),
            ("available_s", 400.0), ("logged_in_s", 600.0), ("transfers", null));

        // bob 09:00:00-09:10:00 = 600 s (status StartTimestamps; his LOGIN and LOGOUT records are written 0.5 s later).
        //   C2 (the transferred contact, new ContactId) queued 09:04:00, connected 09:04:12, ENDED 09:07:12, cleared 09:07:42.
        lines.Agent("bob").Has(("handled", 1), ("aht_s", 210.0), ("talk_s", 180.0), ("wrap_s", 30.0), ("busy_s", 210.0), ("available_s", 390.0),
            ("logged_in_s", 600.0));

        lines.Queue("sales").Has(("answered", 1), ("asa_s", 10.0), ("handled", 1), ("aht_s", 200.0));
        lines.Queue("support").Has(("answered", 1), ("asa_s", 12.0), ("handled", 1), ("aht_s", 210.0));
    }

    [Fact]
    public async Task Call_spanning_the_interval_boundary()
    {
        var lines = await ReplayAsync("amazon-connect-interval-boundary.jsonl");

        // 09:00-09:15: logged in from 09:10 = 300; talk 09:14:00-09:14:50 = 50, hold 09:14:50-09:15:00 = 10; not handled yet.
        lines.Agent("alice", LineProtocol.At0900).Has(("handled", 0), ("aht_s", null), ("talk_s", 50.0), ("hold_s", 10.0),
            ("busy_s", 60.0), ("available_s", 240.0), ("logged_in_s", 300.0));
        lines.Queue("sales", LineProtocol.At0900).Has(("answered", 1), ("asa_s", 10.0), ("handled", 0));

        // 09:15-09:30: logged in until 09:20 = 300; hold 20, talk 09:15:20-09:17:00 = 100, ACW to 09:17:40 = 40.
        //   Handled here: talk 150 + hold 30 + wrap 40 = 220.
        lines.Agent("alice", LineProtocol.At0915).Has(("handled", 1), ("aht_s", 220.0), ("talk_s", 100.0), ("hold_s", 20.0),
            ("wrap_s", 40.0), ("busy_s", 160.0), ("available_s", 140.0), ("logged_in_s", 300.0));
        lines.Queue("sales", LineProtocol.At0915).Has(("answered", 0), ("handled", 1), ("aht_s", 220.0));
    }
}
