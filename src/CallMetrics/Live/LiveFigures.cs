using CallMetrics.Core.Windows;

namespace CallMetrics.Live;

/// <summary>Tallies as the figures of the JSON contract, with the ratios of METRICS.md (null for 0/0).</summary>
internal static class LiveFigures
{
    public static AgentFigures Of(in AgentTally t) => new(
        t.Handled,
        Ratio(TimeMath.Seconds(t.HandleNs), t.Handled),
        TimeMath.Seconds(t.TalkNs),
        TimeMath.Seconds(t.HoldNs),
        TimeMath.Seconds(t.WrapNs),
        TimeMath.Seconds(t.BusyNs),
        TimeMath.Seconds(t.AvailableNs),
        TimeMath.Seconds(t.NotReadyNs),
        Ratio(TimeMath.Seconds(t.BusyNs), TimeMath.Seconds(t.BusyNs + t.AvailableNs)),
        Ratio(TimeMath.Seconds(t.BusyNs), TimeMath.Seconds(t.LoggedInNs)),
        t.Transfers,
        t.Surveys,
        Ratio(t.ScoreSum, t.Surveys));

    public static QueueFigures Of(in QueueTally t) => new(
        t.Offered,
        t.Answered,
        t.Abandoned,
        t.ShortAbandoned,
        t.Handled,
        Ratio(t.AnsweredWithinThreshold, t.Answered + t.Abandoned),
        Ratio(t.Abandoned, t.Answered + t.Abandoned),
        Ratio(TimeMath.Seconds(t.AnsweredWaitNs), t.Answered),
        Ratio(TimeMath.Seconds(t.HandleNs), t.Handled),
        t.HasMaxWait ? TimeMath.Seconds(t.MaxWaitNs) : null);

    private static double? Ratio(double numerator, double denominator) => denominator == 0 ? null : numerator / denominator;
}
