using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Output;

/// <summary>The fields of each measurement family, in the order of METRICS.md "Fields".</summary>
internal static class MetricFields
{
    public static void Agent(FieldWriter f, in AgentTally t)
    {
        f.Int("handled", t.Handled);
        f.Ratio("aht_s", TimeMath.Seconds(t.HandleNs), t.Handled);
        f.Float("talk_s", TimeMath.Seconds(t.TalkNs));
        f.Float("hold_s", TimeMath.Seconds(t.HoldNs));
        f.Float("wrap_s", TimeMath.Seconds(t.WrapNs));
        f.Float("busy_s", TimeMath.Seconds(t.BusyNs));
        f.Float("available_s", TimeMath.Seconds(t.AvailableNs));
        f.Float("not_ready_s", TimeMath.Seconds(t.NotReadyNs));
        f.Float("logged_in_s", TimeMath.Seconds(t.LoggedInNs));
        f.Ratio("occupancy", TimeMath.Seconds(t.BusyNs), TimeMath.Seconds(t.BusyNs + t.AvailableNs));
        f.Ratio("utilization", TimeMath.Seconds(t.BusyNs), TimeMath.Seconds(t.LoggedInNs));
        f.Int("transfers", t.Transfers);
        f.Int("surveys", t.Surveys);
        f.Ratio("csat", t.ScoreSum, t.Surveys);
    }

    public static void Queue(FieldWriter f, in QueueTally t, bool includeMaxWait, bool includeHandled)
    {
        f.Int("offered", t.Offered);
        f.Int("answered", t.Answered);
        f.Int("abandoned", t.Abandoned);
        f.Int("short_abandoned", t.ShortAbandoned);
        f.Ratio("asa_s", TimeMath.Seconds(t.AnsweredWaitNs), t.Answered);
        if (includeMaxWait && t.HasMaxWait)
        {
            f.Float("max_wait_s", TimeMath.Seconds(t.MaxWaitNs));
        }

        f.Ratio("service_level", t.AnsweredWithinThreshold, t.Answered + t.Abandoned);
        f.Ratio("abandon_rate", t.Abandoned, t.Answered + t.Abandoned);
        if (includeHandled)
        {
            f.Int("handled", t.Handled);
            f.Ratio("aht_s", TimeMath.Seconds(t.HandleNs), t.Handled);
        }
    }

    public static void HandlePercentiles(FieldWriter f, Samples? values) => f.Percentiles(values, "handle_p50_s", "handle_p90_s");

    public static void WaitPercentiles(FieldWriter f, Samples? values) => f.Percentiles(values, "wait_p50_s", "wait_p90_s");

    public static void CallType(FieldWriter f, in CallTypeTally t)
    {
        f.Int("handled", t.Handled);
        f.Ratio("aht_s", TimeMath.Seconds(t.HandleNs), t.Handled);
        HandlePercentiles(f, t.HandleValues);
        f.Float("talk_s", TimeMath.Seconds(t.TalkNs));
        f.Float("hold_s", TimeMath.Seconds(t.HoldNs));
        f.Float("wrap_s", TimeMath.Seconds(t.WrapNs));
        f.Int("surveys", t.Surveys);
        f.Ratio("csat", t.ScoreSum, t.Surveys);
        Outcomes(f, t.Outcomes, t.Handled);
    }

    public static void Outcomes(FieldWriter f, in OutcomeTally t, int handled)
    {
        f.Int("dispositioned", t.Dispositioned);
        f.Int("resolved", t.Resolved);
        f.Int("escalated", t.Escalated);
        f.Int("sales", t.Sales);
        f.Int("complaints", t.Complaints);
        f.Ratio("resolution_rate", t.Resolved, t.Dispositioned);
        f.Ratio("escalation_rate", t.Escalated, handled);
        f.Ratio("sales_conversion", t.Sales, handled);
        f.Ratio("complaint_rate", t.Complaints, handled);
    }

    public static void Fcr(FieldWriter f, in FcrLine line)
    {
        f.Int("contacts", line.Contacts);
        f.Int("resolved", line.Resolved);
        f.Int("repeated", line.Repeated);
        f.Int("pending", line.Pending);

        // METRICS: fcr_rate is written only when nothing is pending.
        if (line.Pending == 0)
        {
            f.Ratio("fcr_rate", line.Resolved, line.Contacts);
        }
    }

    public static void AgentState(FieldWriter f, in AgentStateCounts counts)
    {
        f.Int("agents_logged_in", counts.LoggedIn);
        f.Int("agents_on_call", counts.OnCall);
        f.Int("agents_in_wrap", counts.InWrap);
        f.Int("agents_available", counts.Available);
        f.Int("agents_not_ready", counts.NotReady);
    }

    public static void QueueState(FieldWriter f, in QueueStateLine line)
    {
        f.Int("waiting", line.Waiting);
        if (line.Waiting > 0)
        {
            f.Float("longest_wait_s", TimeMath.Seconds(line.LongestWaitNs));
        }
    }
}
