using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CallMetrics.Inputs.AnonymousBank;

/// <summary>
/// Reads one data row of the Anonymous Bank CSV into an <see cref="AnonymousBankRow"/>, or says why it cannot be
/// translated (docs/SAMPLE-DATA.md, "Rejected rows"): times of day, durations that must match them, the outcome.
/// </summary>
internal static class AnonymousBankRowParser
{
    private const int SecondsPerDay = 86_400;
    private const string NoServer = "NO_SERVER";

    /// <summary>
    /// Parses the row's fields; <paramref name="col"/> holds the index of each of
    /// <see cref="AnonymousBankTranslator.RequiredColumns"/>, in that order.
    /// </summary>
    public static bool TryParse(int lineNumber, string[] f, int[] col, [NotNullWhen(true)] out AnonymousBankRow? row, [NotNullWhen(false)] out string? reason)
    {
        row = null;
        string Field(int i) => f[col[i]];
        var line = Field(0);
        var callId = Field(1);
        var type = Field(2);
        var outcome = Field(9);
        var server = Field(13);
        if (line.Length == 0 || callId.Length == 0)
        {
            reason = "vru+line and call_id must not be empty";
            return false;
        }

        if (type.Length == 0)
        {
            reason = "type is empty (it names the call type and the queue)";
            return false;
        }

        int vruEntry = 0, vruExit = 0, qStart = 0, qExit = 0, serStart = 0, serExit = 0, vruTime = 0, qTime = 0, serTime = 0;
        reason = Time(Field(3), "vru_entry", ref vruEntry) ?? Time(Field(4), "vru_exit", ref vruExit)
            ?? Time(Field(6), "q_start", ref qStart) ?? Time(Field(7), "q_exit", ref qExit)
            ?? Time(Field(10), "ser_start", ref serStart) ?? Time(Field(11), "ser_exit", ref serExit)
            ?? Seconds(Field(5), "vru_time", ref vruTime) ?? Seconds(Field(8), "q_time", ref qTime) ?? Seconds(Field(12), "ser_time", ref serTime);
        if (reason is not null)
        {
            return false;
        }

        // 0:00:00 with a zero duration is the data's "did not happen" (never queued, never served).
        var queued = !(qStart == 0 && qExit == 0 && qTime == 0);
        var served = !(serStart == 0 && serExit == 0 && serTime == 0);

        // Times are times of day: one earlier than vru_entry belongs to the next day (a call across midnight).
        int Roll(int t) => t < vruEntry ? t + SecondsPerDay : t;
        vruExit = Roll(vruExit);
        qStart = Roll(qStart);
        qExit = Roll(qExit);
        serStart = Roll(serStart);
        serExit = Roll(serExit);

        reason = (queued ? Duration("vru_entry", vruEntry, "q_start", qStart, null, 0) : null)
            ?? (served ? Duration("vru_entry", vruEntry, "ser_start", serStart, null, 0) : null);
        if (reason is not null)
        {
            return false;
        }

        reason = Duration("vru_entry", vruEntry, "vru_exit", vruExit, "vru_time", vruTime)
            ?? (queued ? Duration("q_start", qStart, "q_exit", qExit, "q_time", qTime) : null)
            ?? (served ? Duration("ser_start", serStart, "ser_exit", serExit, "ser_time", serTime) : null);
        if (reason is not null)
        {
            return false;
        }

        var callKey = line + "-" + callId;
        switch (outcome)
        {
            case "PHANTOM":
                reason = "outcome PHANTOM: a virtual call that the data's documentation says to ignore";
                return false;
            case "AGENT":
                if (!served)
                {
                    reason = "outcome AGENT but no service times (ser_start, ser_exit, ser_time)";
                    return false;
                }

                if (server.Length == 0 || server == NoServer)
                {
                    reason = $"outcome AGENT but server is '{server}': no agent to answer";
                    return false;
                }

                if (queued && serStart < qStart)
                {
                    reason = $"ser_start {Clock(serStart)} is before q_start {Clock(qStart)}";
                    return false;
                }

                // Answered without queueing (q_time 0): a visit with zero wait at the answer, so the queue is offered the call.
                row = new AnonymousBankRow(lineNumber, callKey, type, AnonymousBankOutcome.Answered, vruEntry, queued ? qStart : serStart, serStart, serExit, server);
                return true;
            case "HANG":
                // Service columns on a HANG row name no server: the caller was gone at q_exit (or vru_exit), so they are not used.
                row = queued
                    ? new AnonymousBankRow(lineNumber, callKey, type, AnonymousBankOutcome.Abandoned, vruEntry, qStart, null, qExit, null)
                    : new AnonymousBankRow(lineNumber, callKey, type, AnonymousBankOutcome.EndedInIvr, vruEntry, null, null, vruExit, null);
                return true;
            default:
                reason = $"outcome '{outcome}' is not AGENT, HANG or PHANTOM";
                return false;
        }
    }

    private static string? Duration(string startName, int start, string exitName, int exit, string? durationName, int seconds)
    {
        // A roll-over of more than half a day is not a call across midnight but an exit recorded before its start.
        if (exit < start || exit - start >= SecondsPerDay / 2)
        {
            return $"{exitName} {Clock(exit % SecondsPerDay)} is before {startName} {Clock(start % SecondsPerDay)}";
        }

        return durationName is null || exit - start == seconds
            ? null
            : $"{durationName} {seconds} does not match {exitName} - {startName} = {exit - start} s";
    }

    private static string? Time(string text, string column, ref int seconds)
    {
        var parts = text.Split(':');
        if (parts.Length == 3
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var h) && h < 24 && parts[0].Length <= 2
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m < 60 && parts[1].Length == 2
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s < 60 && parts[2].Length == 2)
        {
            seconds = (h * 3600) + (m * 60) + s;
            return null;
        }

        return $"{column} '{text}' is not a time of day (H:MM:SS)";
    }

    private static string? Seconds(string text, string column, ref int seconds)
    {
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seconds) || seconds >= SecondsPerDay)
        {
            return $"{column} '{text}' is not a whole number of seconds";
        }

        // The data has a few rows whose exit was recorded before their entry; the duration is then negative.
        return seconds < 0 ? $"{column} {seconds} is negative: the exit time is before the entry time" : null;
    }

    private static string Clock(int seconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600}:{seconds / 60 % 60:00}:{seconds % 60:00}");
}
