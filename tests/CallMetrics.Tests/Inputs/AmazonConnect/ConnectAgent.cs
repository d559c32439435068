using System.Text.Json.Nodes;

namespace CallMetrics.Tests.Inputs.AmazonConnect;

/// <summary>
/// Test builder of Amazon Connect agent event stream records for one agent, shaped like the documented AgentEvent:
/// each record carries the previous snapshot (the last one built) and the current one.
/// </summary>
internal sealed class ConnectAgent(string username, string? team = "blue")
{
    private const string Instance = "arn:aws:connect:eu-west-1:123456789012:instance/6f1a2b3c-4d5e-6f70-8192-a3b4c5d6e7f8";
    private readonly List<JsonObject> _contacts = [];
    private string _statusName = "Offline";
    private string _statusType = "OFFLINE";
    private string _statusStart = At("08:00:00");
    private JsonNode? _previous;
    private int _sequence;

    public static string At(string hms) => $"2026-11-22T{hms}.000Z";

    public ConnectAgent Status(string name, string type, string hms)
    {
        (_statusName, _statusType, _statusStart) = (name, type, At(hms));
        return this;
    }

    public ConnectAgent Contact(string id, string state, string hms, string? queue = "sales", string? queued = null, string? connected = null, string method = "INBOUND", string channel = "VOICE")
    {
        var contact = _contacts.FirstOrDefault(c => (string?)c["ContactId"] == id);
        if (contact is null)
        {
            contact = new JsonObject
            {
                ["Channel"] = channel,
                ["ContactId"] = id,
                ["InitialContactId"] = id,
                ["InitiationMethod"] = method,
                ["Queue"] = queue is null ? null : new JsonObject { ["ARN"] = $"{Instance}/queue/{queue}-id", ["Name"] = queue },
                ["QueueTimestamp"] = queued is null ? null : At(queued),
                ["ConnectedToAgentTimestamp"] = null,
            };
            _contacts.Add(contact);
        }

        contact["State"] = state;
        contact["StateStartTimestamp"] = At(hms);
        if (connected is not null)
        {
            contact["ConnectedToAgentTimestamp"] = At(connected);
        }

        return this;
    }

    public ConnectAgent Clear(string id)
    {
        _contacts.RemoveAll(c => (string?)c["ContactId"] == id);
        return this;
    }

    /// <summary>One record, as one JSON line.</summary>
    public string Record(string eventType, string hms, bool withPrevious = true)
    {
        var current = new JsonObject
        {
            ["AgentStatus"] = new JsonObject
            {
                ["ARN"] = $"{Instance}/agent-state/{_statusName}",
                ["Name"] = _statusName,
                ["StartTimestamp"] = _statusStart,
                ["Type"] = _statusType,
            },
            ["Configuration"] = new JsonObject
            {
                ["AgentHierarchyGroups"] = team is null ? null : new JsonObject
                {
                    ["Level1"] = new JsonObject { ["ARN"] = $"{Instance}/agent-group/emea", ["Name"] = "EMEA" },
                    ["Level2"] = new JsonObject { ["ARN"] = $"{Instance}/agent-group/{team}", ["Name"] = team },
                },
                ["FirstName"] = username,
                ["LastName"] = "Tester",
                ["RoutingProfile"] = new JsonObject { ["ARN"] = $"{Instance}/routing-profile/voice", ["Name"] = "Voice Agents" },
                ["Username"] = username,
            },
            ["Contacts"] = new JsonArray(_contacts.Select(c => (JsonNode)c.DeepClone()).ToArray()),
        };
        var record = new JsonObject
        {
            ["AWSAccountId"] = "123456789012",
            ["AgentARN"] = $"{Instance}/agent/{username}-arn",
            ["CurrentAgentSnapshot"] = current,
            ["EventId"] = $"{username}-{++_sequence:D4}",
            ["EventTimestamp"] = At(hms),
            ["EventType"] = eventType,
            ["InstanceARN"] = Instance,
            ["PreviousAgentSnapshot"] = withPrevious ? _previous?.DeepClone() : null,
            ["Version"] = "2019-05-25",
        };
        _previous = current.DeepClone();
        return record.ToJsonString();
    }
}
