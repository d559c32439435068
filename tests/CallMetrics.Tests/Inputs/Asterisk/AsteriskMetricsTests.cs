namespace CallMetrics.Tests.Inputs.Asterisk;

/// <summary>
/// Interval metrics of <c>callmetrics replay --format asterisk-queue-log</c> over the realistic logs in TestData,
/// against values computed by hand below (METRICS.md; defaults: 15 m intervals, SL 20 s, short abandon 5 s, max wrap 120 s).
/// Wrap-up is configured as in queues.conf: sales 15 s, support 30 s. queue_log records no hold, so hold_s is left out.
/// </summary>
public class AsteriskMetricsTests
{
    private static Task<List<LineProtocol>> ReplayAsync(string file) =>
        LineProtocol.ReplayAsync("--format", "asterisk-queue-log", "--input", Translation.TestData(file), "--wrapup", "sales=15s", "--wrapup", "support=30s");

    [Fact]
    public async Task Normal_day()
    {
        var lines = await ReplayAsync("asterisk-normal-day.queue_log");

        // 1001: member 09:00:00-09:14:00 = 840 s.
        //   c10 sales: talk 09:01:12-09:04:12 = 180, wrap 15 -> handle 195.
        //   c20 support: talk 09:05:34-09:09:34 = 240, wrap 30 -> handle 270.
        //   busy 465, available 840 - 465 = 375; aht (195 + 270) / 2 = 232.5; occupancy = utilization = 465 / 840.
        lines.Agent("1001").Has(
            ("handled", 2), ("aht_s", 232.5), ("talk_s", 420.0), ("hold_s", null), ("wrap_s", 45.0), ("busy_s", 465.0),
            ("available_s", 375.0), ("not_ready_s", 0.0), ("logged_in_s", 840.0), ("occupancy", 465.0 / 840), ("utilization", 465.0 / 840),
            ("transfers", 0), ("surveys", null), ("csat", null));

        // 1002: member 09:00:10-09:14:30 = 860 s. c30 sales: talk 09:06:46-09:08:46 = 120, wrap 15 -> 135.
        //   PAUSEALL Lunch 09:10:00-09:14:30 = 270 not ready; available 860 - 135 - 270 = 455.
        //   The RINGNOANSWER (09:05:30) and RINGCANCELED change nothing.
        lines.Agent("1002").Has(
            ("handled", 1), ("aht_s", 135.0), ("talk_s", 120.0), ("wrap_s", 15.0), ("busy_s", 135.0), ("available_s", 455.0),
            ("not_ready_s", 270.0), ("logged_in_s", 860.0), ("occupancy", 135.0 / 590), ("utilization", 135.0 / 860));

        // sales: c10 waited 12 s, c30 6 s -> asa 9, max 12, both within 20 s; handled c10 (195) and c30 (135) -> aht 165.
        lines.Queue("sales").Has(
            ("offered", 2), ("answered", 2), ("abandoned", 0), ("short_abandoned", 0), ("asa_s", 9.0), ("max_wait_s", 12.0),
            ("service_level", 1.0), ("abandon_rate", 0.0), ("handled", 2), ("aht_s", 165.0));

        // support: c20 waited 34 s (over 20 s) -> SL 0; handled by 1001 in 270.
        lines.Queue("support").Has(
            ("offered", 1), ("answered", 1), ("asa_s", 34.0), ("max_wait_s", 34.0), ("service_level", 0.0), ("handled", 1), ("aht_s", 270.0));

        // tenant: handled 3, aht (195 + 270 + 135) / 3 = 200; busy 600, available 830; asa (12 + 6 + 34) / 3; SL 2/3.
        lines.Tenant().Has(
            ("handled", 3), ("aht_s", 200.0), ("busy_s", 600.0), ("available_s", 830.0), ("not_ready_s", 270.0), ("logged_in_s", 1700.0),
            ("offered", 3), ("answered", 3), ("asa_s", 52.0 / 3), ("service_level", 2.0 / 3), ("abandon_rate", 0.0), ("hold_s", null));
    }

    [Fact]
    public async Task Transfers()
    {
        var lines = await ReplayAsync("asterisk-transfers.queue_log");

        // 1001 (09:00-09:12 = 720 s): c40 talk 09:00:40-09:03:40 = 180, BLINDTRANSFER, wrap 15 (sales) -> 195;
        //   c50 talk 09:04:05-09:07:05 = 180, ATTENDEDTRANSFER, wrap 30 (support) -> 210.
        //   busy 405, available 315, transfers 2, aht 202.5.
        lines.Agent("1001").Has(
            ("handled", 2), ("aht_s", 202.5), ("talk_s", 360.0), ("wrap_s", 45.0), ("busy_s", 405.0), ("available_s", 315.0),
            ("logged_in_s", 720.0), ("transfers", 2), ("occupancy", 405.0 / 720));

        // 1002 (Local/1002@from-queue/n, 720 s): c40 after the blind transfer talk 09:03:50-09:06:50 = 180, wrap 30 -> 210;
        //   c60 talk 09:08:20-09:10:00 = 100, legacy TRANSFER, wrap 15 -> 115. busy 325, available 395, aht 162.5.
        lines.Agent("1002").Has(
            ("handled", 2), ("aht_s", 162.5), ("talk_s", 280.0), ("wrap_s", 45.0), ("busy_s", 325.0), ("available_s", 395.0),
            ("logged_in_s", 720.0), ("transfers", 1));

        // sales: c40 wait 10, c60 wait 20 (20 <= 20 s counts) -> asa 15, SL 1; handled c40/1001 195 and c60/1002 115 -> aht 155.
        lines.Queue("sales").Has(
            ("offered", 2), ("answered", 2), ("asa_s", 15.0), ("max_wait_s", 20.0), ("service_level", 1.0), ("handled", 2), ("aht_s", 155.0));

        // support: c40's second visit waited 8 s (09:03:42-09:03:50), c50 5 s -> asa 6.5; handled 210 and 210.
        lines.Queue("support").Has(
            ("offered", 2), ("answered", 2), ("asa_s", 6.5), ("max_wait_s", 8.0), ("service_level", 1.0), ("handled", 2), ("aht_s", 210.0));

        lines.Tenant().Has(("handled", 4), ("aht_s", 182.5), ("transfers", 3), ("offered", 4), ("answered", 4));
    }

    [Fact]
    public async Task Abandons_of_every_kind()
    {
        var lines = await ReplayAsync("asterisk-abandons.queue_log");

        // sales visits: c71 ABANDON after 3 s (short, < 5 s), c72 ABANDON 40 s, c73 EXITWITHTIMEOUT 60 s, c74 EXITWITHKEY 25 s,
        //   c75 answered after 30 s (RINGNOANSWER before it changes nothing).
        //   offered 5, answered 1, abandoned 3, short 1; asa 30; max wait 60; SL 0 / (1 + 3) = 0; abandon rate 3 / 4.
        //   c75 handled by 1001: talk 120 + wrap 15 = 135.
        lines.Queue("sales").Has(
            ("offered", 5), ("answered", 1), ("abandoned", 3), ("short_abandoned", 1), ("asa_s", 30.0), ("max_wait_s", 60.0),
            ("service_level", 0.0), ("abandon_rate", 0.75), ("handled", 1), ("aht_s", 135.0));

        // support: c73 overflowed after its timeout and left with EXITEMPTY after 10 s.
        lines.Queue("support").Has(
            ("offered", 1), ("answered", 0), ("abandoned", 1), ("short_abandoned", 0), ("asa_s", null), ("max_wait_s", 10.0),
            ("service_level", 0.0), ("abandon_rate", 1.0));

        // 1001: member 09:00-09:10 = 600 s, busy 135, available 465.
        lines.Agent("1001").Has(("handled", 1), ("aht_s", 135.0), ("busy_s", 135.0), ("available_s", 465.0), ("logged_in_s", 600.0));

        lines.Tenant().Has(("offered", 6), ("answered", 1), ("abandoned", 4), ("short_abandoned", 1), ("abandon_rate", 0.8), ("service_level", 0.0));
    }

    [Fact]
    public async Task Call_spanning_the_interval_boundary()
    {
        var lines = await ReplayAsync("asterisk-interval-boundary.queue_log");

        // 09:00-09:15: member from 09:10 = 300 s; talk 09:12:10-09:15:00 = 170; not handled yet.
        lines.Agent("1001", LineProtocol.At0900).Has(
            ("handled", 0), ("aht_s", null), ("talk_s", 170.0), ("wrap_s", 0.0), ("busy_s", 170.0), ("available_s", 130.0), ("logged_in_s", 300.0));
        lines.Queue("sales", LineProtocol.At0900).Has(("offered", 1), ("answered", 1), ("asa_s", 10.0), ("service_level", 1.0), ("handled", 0));

        // 09:15-09:30: logged in until 09:28 = 780 s; talk 09:15:00-09:16:10 = 70, wrap 15; PAUSE Break 09:20-09:25 = 300.
        //   Handled here, whole: 240 + 15 = 255. available 780 - 85 - 300 = 395.
        lines.Agent("1001", LineProtocol.At0915).Has(
            ("handled", 1), ("aht_s", 255.0), ("talk_s", 70.0), ("wrap_s", 15.0), ("busy_s", 85.0), ("not_ready_s", 300.0),
            ("available_s", 395.0), ("logged_in_s", 780.0), ("occupancy", 85.0 / 480), ("utilization", 85.0 / 780));
        lines.Queue("sales", LineProtocol.At0915).Has(("offered", 0), ("answered", 0), ("asa_s", null), ("handled", 1), ("aht_s", 255.0));
    }
}
