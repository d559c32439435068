using System.Globalization;
using System.Text.Json;

namespace CallMetrics.Inputs.AmazonConnect;

/// <summary>The parts of an Amazon Connect <c>AgentSnapshot</c> the translation needs.</summary>
internal sealed record AgentSnapshot(
    string? Username,
    string? StatusName,
    string? StatusType,
    DateTimeOffset? StatusStart,
    IReadOnlyList<string?> HierarchyGroups,
    IReadOnlyList<ContactSnapshot> Contacts)
{
    public static readonly AgentSnapshot Empty = new(null, null, null, null, [], []);

    private static readonly string[] s_knownStates =
        ["INCOMING", "PENDING", "CONNECTING", "CONNECTED", "CONNECTED_ONHOLD", "PAUSED", "MISSED", "ERROR", "ENDED", "REJECTED"];

    public ContactSnapshot? Find(string contactId)
    {
        foreach (var contact in Contacts)
        {
            if (string.Equals(contact.ContactId, contactId, StringComparison.Ordinal))
            {
                return contact;
            }
        }

        return null;
    }

    /// <summary>Reads a snapshot; a missing or null element is <see cref="Empty"/>.</summary>
    public static bool TryRead(JsonElement element, out AgentSnapshot snapshot, out string? reason)
    {
        snapshot = Empty;
        reason = null;
        if (element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            reason = "an agent snapshot is not a JSON object";
            return false;
        }

        string? statusName = null, statusType = null;
        DateTimeOffset? statusStart = null;
        if (element.TryGetProperty("AgentStatus", out var status) && status.ValueKind == JsonValueKind.Object)
        {
            statusName = String(status, "Name");
            statusType = String(status, "Type");
            if (!TryTimestamp(status, "StartTimestamp", out statusStart, out reason))
            {
                return false;
            }
        }

        string? username = null;
        var groups = new string?[5];
        if (element.TryGetProperty("Configuration", out var configuration) && configuration.ValueKind == JsonValueKind.Object)
        {
            username = String(configuration, "Username");
            if (configuration.TryGetProperty("AgentHierarchyGroups", out var hierarchy) && hierarchy.ValueKind == JsonValueKind.Object)
            {
                for (var level = 1; level <= 5; level++)
                {
                    if (hierarchy.TryGetProperty(string.Create(CultureInfo.InvariantCulture, $"Level{level}"), out var group)
                        && group.ValueKind == JsonValueKind.Object)
                    {
                        groups[level - 1] = String(group, "Name");
                    }
                }
            }
        }

        var contacts = new List<ContactSnapshot>();
        if (element.TryGetProperty("Contacts", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                if (!TryReadContact(item, out var contact, out reason))
                {
                    return false;
                }

                contacts.Add(contact);
            }
        }

        snapshot = new AgentSnapshot(username, statusName, statusType, statusStart, groups, contacts);
        return true;
    }

    private static bool TryReadContact(JsonElement item, out ContactSnapshot contact, out string? reason)
    {
        contact = default!;
        var id = item.ValueKind == JsonValueKind.Object ? String(item, "ContactId") : null;
        if (id is null)
        {
            reason = "a contact has no ContactId";
            return false;
        }

        var state = String(item, "State");
        if (state is null || Array.IndexOf(s_knownStates, state) < 0)
        {
            reason = $"contact {id} has unknown state '{state}'";
            return false;
        }

        if (!TryTimestamp(item, "StateStartTimestamp", out var stateStart, out reason)
            || !TryTimestamp(item, "ConnectedToAgentTimestamp", out var connected, out reason)
            || !TryTimestamp(item, "QueueTimestamp", out var queued, out reason))
        {
            return false;
        }

        string? queue = null;
        if (item.TryGetProperty("Queue", out var queueElement) && queueElement.ValueKind == JsonValueKind.Object)
        {
            queue = String(queueElement, "Name");
        }

        contact = new ContactSnapshot(id, String(item, "Channel"), String(item, "InitiationMethod"), state, stateStart, connected, queued, queue);
        return true;
    }

    /// <summary>Writes the snapshot for a translator checkpoint; <see cref="Read"/> gives an equal one back.</summary>
    public void Write(BinaryWriter writer)
    {
        TranslatorState.Write(writer, Username);
        TranslatorState.Write(writer, StatusName);
        TranslatorState.Write(writer, StatusType);
        TranslatorState.Write(writer, StatusStart);
        writer.Write7BitEncodedInt(HierarchyGroups.Count);
        foreach (var group in HierarchyGroups)
        {
            TranslatorState.Write(writer, group);
        }

        writer.Write7BitEncodedInt(Contacts.Count);
        foreach (var contact in Contacts)
        {
            contact.Write(writer);
        }
    }

    public static AgentSnapshot Read(BinaryReader reader)
    {
        var username = TranslatorState.ReadOptionalString(reader);
        var statusName = TranslatorState.ReadOptionalString(reader);
        var statusType = TranslatorState.ReadOptionalString(reader);
        var statusStart = TranslatorState.ReadOptionalTime(reader);
        var groups = new string?[TranslatorState.ReadCount(reader)];
        for (var i = 0; i < groups.Length; i++)
        {
            groups[i] = TranslatorState.ReadOptionalString(reader);
        }

        var contacts = new ContactSnapshot[TranslatorState.ReadCount(reader)];
        for (var i = 0; i < contacts.Length; i++)
        {
            contacts[i] = ContactSnapshot.Read(reader);
        }

        return new AgentSnapshot(username, statusName, statusType, statusStart, groups, contacts);
    }

    internal static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    internal static bool TryTimestamp(JsonElement element, string name, out DateTimeOffset? value, out string? reason)
    {
        value = null;
        reason = null;
        var text = String(element, name);
        if (text is null)
        {
            return true;
        }

        // The stream writes ISO 8601 UTC ("2019-05-25T18:55:27.017Z"); a time without an offset would be a guess.
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)
            || !(text.EndsWith('Z') || text.EndsWith("z", StringComparison.Ordinal) || text.LastIndexOfAny(['+', '-']) > text.IndexOf('T', StringComparison.Ordinal)))
        {
            reason = $"{name} '{text}' is not an ISO 8601 timestamp with an offset";
            return false;
        }

        value = parsed;
        return true;
    }
}
