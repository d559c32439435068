using System.Text;
using CallMetrics.Inputs.AnonymousBank;
using CallMetrics.Simulation;
using CallMetrics.Tests.Simulation;

namespace CallMetrics.Tests.Inputs.AnonymousBank;

public class AnonymousBankTranslatorTests
{
    private const string Header = "vru+line,call_id,type,vru_entry,vru_exit,vru_time,q_start,q_exit,q_time,outcome,ser_start,ser_exit,ser_time,server,server_abv";

    private static AnonymousBankTranslation Translate(AnonymousBankOptions? options, params string[] rows)
    {
        var csv = Header + "\n" + string.Join("\n", rows) + "\n";
        new AnonymousBankTranslator(options ?? new AnonymousBankOptions()).TryTranslate(new StringReader(csv), out var translation, out var error)
            .Should().BeTrue(error);
        return translation!;
    }

    private static AnonymousBankTranslation Translate(params string[] rows) => Translate(null, rows);

    private static List<string> Lines(AnonymousBankTranslation translation) =>
        translation.Events.Select(e => Encoding.UTF8.GetString(e.Json)).ToList();

    [Fact]
    public void Answered_abandoned_IVR_only_and_bad_rows_translate_to_exact_events()
    {
        var translation = Translate(
            "AA0101,1,PS,9:00:00,9:00:10,10,9:00:10,9:00:40,30,AGENT,9:00:40,9:03:00,140,AVI,AVI",
            "AA0102,2,NW,9:01:00,9:01:06,6,9:01:06,9:02:06,60,HANG,0:00:00,0:00:00,0,NO_SERVER,NO_",
            "AA0103,3,PS,9:02:00,9:02:20,20,0:00:00,0:00:00,0,HANG,0:00:00,0:00:00,0,NO_SERVER,NO_",
            "AA0104,4,PS,9:05:00,9:05:10,10,9:05:10,9:05:20,10,AGENT,9:05:30,9:05:20,0,AVI,AVI");

        Lines(translation).Should().Equal(
            """{"event_id":"ab-20261122-1","type":"agent.login","ts":"2026-11-22T08:55:40.000Z","agent_id":"AVI","state":"available"}""",
            """{"event_id":"ab-20261122-2","type":"call.arrived","ts":"2026-11-22T09:00:00.000Z","call_id":"AA0101-1","call_type":"PS"}""",
            """{"event_id":"ab-20261122-3","type":"call.queued","ts":"2026-11-22T09:00:10.000Z","call_id":"AA0101-1","queue":"PS"}""",
            """{"event_id":"ab-20261122-4","type":"call.answered","ts":"2026-11-22T09:00:40.000Z","call_id":"AA0101-1","agent_id":"AVI"}""",
            """{"event_id":"ab-20261122-5","type":"call.arrived","ts":"2026-11-22T09:01:00.000Z","call_id":"AA0102-2","call_type":"NW"}""",
            """{"event_id":"ab-20261122-6","type":"call.queued","ts":"2026-11-22T09:01:06.000Z","call_id":"AA0102-2","queue":"NW"}""",
            """{"event_id":"ab-20261122-7","type":"call.arrived","ts":"2026-11-22T09:02:00.000Z","call_id":"AA0103-3","call_type":"PS"}""",
            """{"event_id":"ab-20261122-8","type":"call.ended","ts":"2026-11-22T09:02:06.000Z","call_id":"AA0102-2"}""",
            """{"event_id":"ab-20261122-9","type":"call.ended","ts":"2026-11-22T09:02:20.000Z","call_id":"AA0103-3"}""",
            """{"event_id":"ab-20261122-10","type":"call.ended","ts":"2026-11-22T09:03:00.000Z","call_id":"AA0101-1","agent_id":"AVI"}""",
            """{"event_id":"ab-20261122-11","type":"wrap.ended","ts":"2026-11-22T09:03:30.000Z","call_id":"AA0101-1","agent_id":"AVI"}""",
            """{"event_id":"ab-20261122-12","type":"agent.logout","ts":"2026-11-22T09:08:30.000Z","agent_id":"AVI"}""");
        translation.Rejections.Should().Equal(new AnonymousBankRejection(5, "ser_exit 9:05:20 is before ser_start 9:05:30"));
        translation.Rows.Should().Be(4);
        translation.TranslatedRows.Should().Be(3);
    }

    [Fact]
    public void Keys_are_the_call_id_for_call_events_and_the_agent_id_for_agent_events()
    {
        var translation = Translate("AA0101,1,PS,9:00:00,9:00:10,10,9:00:10,9:00:40,30,AGENT,9:00:40,9:03:00,140,AVI,AVI");

        translation.Events.Select(e => e.Key).Should().Equal("AVI", "AA0101-1", "AA0101-1", "AA0101-1", "AA0101-1", "AA0101-1", "AVI");
        translation.Events.Select(EventContract.Violation).Should().AllBeEquivalentTo((string?)null);
    }

    [Fact]
    public void A_call_answered_without_queueing_is_queued_with_zero_wait_at_the_answer()
    {
        var lines = Lines(Translate("AA0104,31129,PS,10:00:21,10:00:31,10,0:00:00,0:00:00,0,AGENT,10:00:30,10:02:09,99,NAAMA,NAA"));

        lines.Should().ContainInOrder(
            """{"event_id":"ab-20261122-3","type":"call.queued","ts":"2026-11-22T10:00:30.000Z","call_id":"AA0104-31129","queue":"PS"}""",
            """{"event_id":"ab-20261122-4","type":"call.answered","ts":"2026-11-22T10:00:30.000Z","call_id":"AA0104-31129","agent_id":"NAAMA"}""");
    }

    [Fact]
    public void An_answer_slightly_before_q_exit_is_answered_at_ser_start()
    {
        var lines = Lines(Translate("AA0213,24281,PS,10:00:45,10:00:51,6,10:00:51,10:01:33,42,AGENT,10:01:32,10:03:08,96,VICKY,VIC"));

        lines.Should().Contain(l => l.Contains("\"type\":\"call.answered\",\"ts\":\"2026-11-22T10:01:32.000Z\"", StringComparison.Ordinal));
    }

    [Fact]
    public void A_hang_up_with_service_columns_but_no_server_is_an_abandon_at_q_exit()
    {
        var lines = Lines(Translate("AA0110,37846,PS,11:11:51,11:11:57,6,11:11:57,11:12:09,12,HANG,11:12:17,11:16:57,280,NO_SERVER,NO_"));

        lines.Should().HaveCount(3);
        lines[^1].Should().Be("""{"event_id":"ab-20261122-3","type":"call.ended","ts":"2026-11-22T11:12:09.000Z","call_id":"AA0110-37846"}""");
    }

    [Fact]
    public void The_next_answer_cuts_the_wrap_short_and_a_long_gap_splits_the_session()
    {
        var translation = Translate(
            "AA0101,1,PS,9:00:00,9:00:10,10,9:00:10,9:00:40,30,AGENT,9:00:40,9:03:00,140,AVI,AVI",
            "AA0102,2,PS,9:02:50,9:03:00,10,9:03:00,9:03:10,10,AGENT,9:03:10,9:04:00,50,AVI,AVI",
            "AA0103,3,PS,10:00:00,10:00:10,10,10:00:10,10:00:20,10,AGENT,10:00:20,10:01:00,40,AVI,AVI");
        var agentEvents = Lines(translation).Where(l => l.Contains("\"agent_id\":\"AVI\"", StringComparison.Ordinal)
            && (l.Contains("wrap.ended", StringComparison.Ordinal) || l.Contains("agent.log", StringComparison.Ordinal)))
            .Select(l => l[(l.IndexOf("\"type\"", StringComparison.Ordinal) + 8)..(l.IndexOf("\"ts\"", StringComparison.Ordinal) + 29)])
            .ToList();

        agentEvents.Should().Equal(
            "agent.login\",\"ts\":\"2026-11-22T08:55:40.000",
            "wrap.ended\",\"ts\":\"2026-11-22T09:03:10.000",
            "wrap.ended\",\"ts\":\"2026-11-22T09:04:30.000",
            "agent.logout\",\"ts\":\"2026-11-22T09:09:30.000",
            "agent.login\",\"ts\":\"2026-11-22T09:55:20.000",
            "wrap.ended\",\"ts\":\"2026-11-22T10:01:30.000",
            "agent.logout\",\"ts\":\"2026-11-22T10:06:30.000");
        var checker = new EventSequenceChecker();
        checker.Check(translation.Events);
        checker.Violations.Should().BeEmpty();
    }

    [Fact]
    public void A_wrap_of_zero_sends_no_wrap_ended_so_max_wrap_applies()
    {
        var lines = Lines(Translate(new AnonymousBankOptions { Wrap = TimeSpan.Zero }, "AA0101,1,PS,9:00:00,9:00:10,10,9:00:10,9:00:40,30,AGENT,9:00:40,9:03:00,140,AVI,AVI"));

        lines.Should().NotContain(l => l.Contains("wrap.ended", StringComparison.Ordinal));
        lines[^1].Should().Contain("\"ts\":\"2026-11-22T09:08:00.000Z\"");
    }

    [Fact]
    public void A_call_across_midnight_ends_on_the_next_day()
    {
        var lines = Lines(Translate("AA0101,9,PS,23:59:50,23:59:58,8,23:59:58,0:00:30,32,AGENT,0:00:30,0:02:00,90,AVI,AVI"));

        lines.Should().Contain(l => l.Contains("\"type\":\"call.ended\",\"ts\":\"2026-11-23T00:02:00.000Z\"", StringComparison.Ordinal));
    }

    [Fact]
    public void The_date_option_places_the_day()
    {
        var lines = Lines(Translate(new AnonymousBankOptions { Date = new DateOnly(1999, 3, 1) }, "AA0103,3,PS,9:02:00,9:02:20,20,0:00:00,0:00:00,0,HANG,0:00:00,0:00:00,0,NO_SERVER,NO_"));

        lines[0].Should().Be("""{"event_id":"ab-19990301-1","type":"call.arrived","ts":"1999-03-01T09:02:00.000Z","call_id":"AA0103-3","call_type":"PS"}""");
    }

    [Theory]
    [InlineData("AA0101,1,PS,9:00:00,9:00:10,10,9:00:10,9:00:40,30,AGENT,9:00:40,9:03:00,140,AVI", "expected 15 fields, found 14")]
    [InlineData("AA0101,1,PS,9:6:00,9:00:10,10,9:00:10,9:00:40,30,AGENT,9:00:40,9:03:00,140,AVI,AVI", "vru_entry '9:6:00' is not a time of day (H:MM:SS)")]
    [InlineData("AA0101,1,PS,25:00:00,9:00:10,10,9:00:10,9:00:40,30,AGENT,9:00:40,9:03:00,140,AVI,AVI", "vru_entry '25:00:00' is not a time of day (H:MM:SS)")]
    [InlineData("AA0207,7039,PS,12:04:42,12:03:15,-87,12:03:15,12:04:56,101,AGENT,12:04:55,12:05:56,61,VICKY,VIC", "vru_time -87 is negative: the exit time is before the entry time")]
    [InlineData("AA0101,1,PS,9:00:00,9:00:10,10,9:00:10,9:00:40,31,AGENT,9:00:40,9:03:00,140,AVI,AVI", "q_time 31 does not match q_exit - q_start = 30 s")]
    [InlineData("AA0101,1,PS,9:00:00,9:00:10,10,9:00:10,9:00:40,30,AGENT,9:00:09,9:03:00,171,AVI,AVI", "ser_start 9:00:09 is before q_start 9:00:10")]
    [InlineData("AA0101,1,PS,9:00:00,9:00:10,10,0:00:00,0:00:00,0,AGENT,8:59:00,9:03:00,240,AVI,AVI", "ser_start 8:59:00 is before vru_entry 9:00:00")]
    [InlineData("AA0101,1,PS,9:00:00,9:00:10,10,9:00:10,9:00:40,30,AGENT,9:00:40,9:03:00,140,NO_SERVER,NO_", "outcome AGENT but server is 'NO_SERVER': no agent to answer")]
    [InlineData("AA0101,1,PS,9:00:00,9:00:10,10,9:00:10,9:00:40,30,AGENT,0:00:00,0:00:00,0,AVI,AVI", "outcome AGENT but no service times (ser_start, ser_exit, ser_time)")]
    [InlineData("AA0101,1,PS,9:00:00,9:00:10,10,9:00:10,9:00:40,30,PHANTOM,9:00:40,9:00:43,3,NO_SERVER,NO_", "outcome PHANTOM: a virtual call that the data's documentation says to ignore")]
    [InlineData("AA0101,1,PS,9:00:00,9:00:10,10,9:00:10,9:00:40,30,BUSY,9:00:40,9:00:43,3,AVI,AVI", "outcome 'BUSY' is not AGENT, HANG or PHANTOM")]
    [InlineData("AA0101,1,,9:00:00,9:00:10,10,9:00:10,9:00:40,30,HANG,0:00:00,0:00:00,0,NO_SERVER,NO_", "type is empty (it names the call type and the queue)")]
    public void A_bad_row_is_rejected_with_its_line_and_reason(string row, string reason)
    {
        var translation = Translate("AA0103,3,PS,9:02:00,9:02:20,20,0:00:00,0:00:00,0,HANG,0:00:00,0:00:00,0,NO_SERVER,NO_", row);

        translation.Rejections.Should().Equal(new AnonymousBankRejection(3, reason));
        translation.TranslatedRows.Should().Be(1);
        translation.Events.Should().HaveCount(2);
    }

    [Fact]
    public void A_repeated_call_is_rejected()
    {
        var row = "AA0103,3,PS,9:02:00,9:02:20,20,0:00:00,0:00:00,0,HANG,0:00:00,0:00:00,0,NO_SERVER,NO_";

        Translate(row, row).Rejections.Should().Equal(new AnonymousBankRejection(3, "call 'AA0103-3' (vru+line and call_id) appears on an earlier line"));
    }

    [Fact]
    public void A_header_without_a_required_column_makes_the_file_unusable()
    {
        var ok = new AnonymousBankTranslator(new AnonymousBankOptions()).TryTranslate(new StringReader("call_id,type\n1,PS\n"), out _, out var error);

        ok.Should().BeFalse();
        error.Should().Be("line 1: the header has no column 'vru+line'");
    }

    [Fact]
    public void An_empty_file_is_unusable()
    {
        new AnonymousBankTranslator(new AnonymousBankOptions()).TryTranslate(new StringReader(string.Empty), out _, out var error).Should().BeFalse();
        error.Should().Contain("empty");
    }
}
