namespace CallMetrics.Inputs.AnonymousBank;

/// <summary>
/// What the data does not record, added by rule: each agent's wrap after a call and the work sessions (login and
/// logout) around its calls (docs/SAMPLE-DATA.md, "Agents, wrap and sessions").
/// </summary>
internal sealed class AnonymousBankAgentSessions(AnonymousBankOptions options)
{
    /// <summary>
    /// The data records no wrap and no logins. Wrap: <c>wrap.ended</c> <see cref="AnonymousBankOptions.Wrap"/>
    /// after the end, or at the agent's next answer if sooner (METRICS: an answer ends wrap), or none.
    /// Sessions: login <see cref="AnonymousBankOptions.LoginLead"/> before the first answer, logout
    /// <see cref="AnonymousBankOptions.LogoutLag"/> after the last wrap, split at gaps over <see cref="AnonymousBankOptions.SessionGap"/>.
    /// </summary>
    public void AddTo(List<PendingEvent> pending, List<AnonymousBankRow> rows)
    {
        var wrapMs = (long)options.Wrap.TotalMilliseconds;
        var leadMs = (long)options.LoginLead.TotalMilliseconds;
        var lagMs = (long)options.LogoutLag.TotalMilliseconds;
        var gapMs = (long)options.SessionGap.TotalMilliseconds;
        var byAgent = rows.Where(r => r.Outcome == AnonymousBankOutcome.Answered)
            .GroupBy(r => r.Agent!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var agentRows in byAgent)
        {
            var calls = agentRows.OrderBy(r => r.Answered).ThenBy(r => r.Ended).ThenBy(r => r.LineNumber).ToArray();
            var sessionEndMs = long.MinValue;
            for (var i = 0; i < calls.Length; i++)
            {
                var answeredMs = calls[i].Answered!.Value * 1000L;
                var endedMs = calls[i].Ended * 1000L;
                if (sessionEndMs == long.MinValue || answeredMs - sessionEndMs > gapMs)
                {
                    if (sessionEndMs != long.MinValue)
                    {
                        pending.Add(new(sessionEndMs + lagMs, PendingEventRank.Logout, pending.Count, PendingEventKind.Logout, agentRows.Key, null, null));
                    }

                    pending.Add(new(Math.Max(0, answeredMs - leadMs), PendingEventRank.Login, pending.Count, PendingEventKind.Login, agentRows.Key, null, null));
                    sessionEndMs = answeredMs;
                }

                var wrapEndMs = endedMs;
                if (wrapMs > 0)
                {
                    wrapEndMs = endedMs + wrapMs;
                    for (var j = i + 1; j < calls.Length; j++)
                    {
                        // Only an answer at or after this end cuts the wrap short; one before it overlaps the call.
                        var nextMs = calls[j].Answered!.Value * 1000L;
                        if (nextMs >= endedMs)
                        {
                            wrapEndMs = Math.Min(wrapEndMs, nextMs);
                            break;
                        }
                    }

                    if (wrapEndMs > endedMs)
                    {
                        pending.Add(new(wrapEndMs, PendingEventRank.Closing, pending.Count, PendingEventKind.WrapEnded, calls[i].CallId, agentRows.Key, null));
                    }
                }

                sessionEndMs = Math.Max(sessionEndMs, Math.Max(endedMs, wrapEndMs));
            }

            pending.Add(new(sessionEndMs + lagMs, PendingEventRank.Logout, pending.Count, PendingEventKind.Logout, agentRows.Key, null, null));
        }
    }
}
