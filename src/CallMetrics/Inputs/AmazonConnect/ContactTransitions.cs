namespace CallMetrics.Inputs.AmazonConnect;

/// <summary>
/// The voice contacts of an agent snapshot compared with the snapshot before: each change of a contact's state is a
/// canonical call event (docs/INPUTS.md, "Contacts (voice)").
/// </summary>
internal static class ContactTransitions
{
    /// <summary>
    /// Plans the call events of the contacts that changed between <paramref name="previous"/> and
    /// <paramref name="current"/>. <paramref name="releasedThrough"/> is the translator's released output: a queue
    /// visit dated before it cannot be placed in time any more.
    /// </summary>
    public static void Plan(AgentEventRecord input, string agentId, ConnectAgentState state, AgentSnapshot previous, AgentSnapshot current, DateTimeOffset releasedThrough, ConnectEventPlan plan)
    {
        foreach (var contact in current.Contacts)
        {
            if (!contact.IsVoice)
            {
                continue;
            }

            var before = previous.Find(contact.ContactId);
            if (before is not null && string.Equals(before.State, contact.State, StringComparison.Ordinal))
            {
                continue;
            }

            var stateTime = contact.StateStart ?? input.EventTime;
            var wasConnected = before?.IsConnected ?? false;
            var answeredNow = contact.IsConnected && !wasConnected && before?.State != "ENDED";
            if (answeredNow)
            {
                PlanAnswer(contact, agentId, input.EventTime, releasedThrough, plan);
                if (contact.State == "CONNECTED_ONHOLD")
                {
                    plan.Add(stateTime, CanonicalNames.CallHeld, contact.ContactId, agentId);
                }
            }
            else if (before?.State == "CONNECTED" && contact.State == "CONNECTED_ONHOLD")
            {
                plan.Add(stateTime, CanonicalNames.CallHeld, contact.ContactId, agentId);
            }
            else if (before?.State == "CONNECTED_ONHOLD" && contact.State == "CONNECTED")
            {
                plan.Add(stateTime, CanonicalNames.CallRetrieved, contact.ContactId, agentId);
            }
            else if (wasConnected && contact.State is "ENDED" or "ERROR" or "MISSED" or "REJECTED")
            {
                // Amazon Connect: ENDED = the conversation is over and the agent starts ACW for the contact.
                plan.Add(stateTime, CanonicalNames.CallEnded, contact.ContactId, agentId);
                state.InAfterContactWork.Add(contact.ContactId);
            }

            // INCOMING/PENDING/CONNECTING (offered), MISSED, REJECTED and ERROR before a connection carry nothing
            // the canonical schema has: the contact goes back to its queue or is lost there (INPUTS.md).
        }

        foreach (var contact in previous.Contacts)
        {
            if (!contact.IsVoice || current.Find(contact.ContactId) is not null)
            {
                continue;
            }

            if (contact.IsConnected)
            {
                // Gone without ENDED: the connection and its ACW both ended by the time of this record.
                plan.Add(input.EventTime, CanonicalNames.CallEnded, contact.ContactId, agentId);
                plan.Add(input.EventTime, CanonicalNames.WrapEnded, contact.ContactId, agentId);
            }
            else if (state.InAfterContactWork.Remove(contact.ContactId))
            {
                // Amazon Connect: ACW ends when the agent clears the contact, i.e. it leaves the snapshot.
                plan.Add(input.EventTime, CanonicalNames.WrapEnded, contact.ContactId, agentId);
            }
        }
    }

    private static void PlanAnswer(ContactSnapshot contact, string agentId, DateTimeOffset eventTime, DateTimeOffset releasedThrough, ConnectEventPlan plan)
    {
        var answered = contact.ConnectedToAgent ?? contact.StateStart ?? eventTime;
        string? queue = null;
        if (contact.InitiationMethod == "OUTBOUND")
        {
            plan.Add(answered, CanonicalNames.CallArrived, contact.ContactId, null, (CanonicalNames.Direction, "outbound"));
        }
        else if (contact.Queued is { } queued && contact.QueueName is not null && queued <= answered)
        {
            if (queued >= releasedThrough)
            {
                plan.Add(queued, CanonicalNames.CallQueued, contact.ContactId, null, (CanonicalNames.Queue, contact.QueueName));
                queue = contact.QueueName;
            }

            // A wait longer than the hold-back cannot be placed in time any more: the answer then counts for no
            // queue rather than for a queue with a wrong wait (INPUTS.md).
        }

        plan.Add(answered, CanonicalNames.CallAnswered, contact.ContactId, agentId, (CanonicalNames.Queue, queue));
    }
}
