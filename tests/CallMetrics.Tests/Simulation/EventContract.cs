using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CallMetrics.Simulation;

namespace CallMetrics.Tests.Simulation;

/// <summary>EVENTS.md as a checklist: the fields each event type requires, the <c>ts</c> format, the key.</summary>
internal static partial class EventContract
{
    private static readonly HashSet<string> CallTypes =
    [
        "call.arrived", "call.queued", "call.answered", "call.held", "call.retrieved", "call.transferred",
        "call.ended", "wrap.ended", "survey.completed",
    ];

    private static readonly HashSet<string> AgentTypes = ["agent.login", "agent.state", "agent.logout"];

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex TimestampFormat();

    /// <summary>Returns why the event breaks EVENTS.md, or null when it is valid.</summary>
    public static string? Violation(SimulatedEvent e)
    {
        if (e.Json.Length == 0 || e.Json[^1] == (byte)'\n')
        {
            return "JSON must be one object without a trailing newline";
        }

        using var document = JsonDocument.Parse(e.Json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return "not a JSON object";
        }

        string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0 ? v.GetString() : null;

        var id = Text("event_id");
        var type = Text("type");
        var ts = Text("ts");
        if (id is null || type is null || ts is null)
        {
            return "event_id, type and ts are required strings";
        }

        if (!TimestampFormat().IsMatch(ts))
        {
            return $"ts '{ts}' is not RFC 3339 UTC with milliseconds";
        }

        var parsed = DateTimeOffset.ParseExact(ts, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        if (parsed.ToUnixTimeMilliseconds() * 1_000_000 != e.TimestampNanoseconds)
        {
            return $"ts '{ts}' differs from TimestampNanoseconds {e.TimestampNanoseconds}";
        }

        if (root.TryGetProperty("tenant", out var tenant) && tenant.ValueKind != JsonValueKind.String)
        {
            return "tenant must be a string";
        }

        if (CallTypes.Contains(type))
        {
            var callId = Text("call_id");
            if (callId is null)
            {
                return $"{type} needs call_id";
            }

            if (e.Key != callId)
            {
                return $"key '{e.Key}' is not the call_id '{callId}'";
            }

            var needsAgent = type is "call.answered" or "call.held" or "call.retrieved" or "call.transferred" or "wrap.ended";
            if (needsAgent && Text("agent_id") is null)
            {
                return $"{type} needs agent_id";
            }

            if (type == "call.arrived" && root.TryGetProperty("direction", out var direction) && direction.GetString() is not ("inbound" or "outbound"))
            {
                return "call.arrived direction must be inbound or outbound";
            }

            if (type == "wrap.ended" && root.TryGetProperty("disposition", out var disposition) && disposition.ValueKind != JsonValueKind.String)
            {
                return "wrap.ended disposition must be a string";
            }

            if (type == "call.queued" && Text("queue") is null)
            {
                return "call.queued needs queue";
            }

            if (type == "survey.completed"
                && !(root.TryGetProperty("score", out var score) && score.ValueKind == JsonValueKind.Number && score.TryGetInt32(out var s) && s is >= 1 and <= 5))
            {
                return "survey.completed needs an integer score 1-5";
            }

            return null;
        }

        if (AgentTypes.Contains(type))
        {
            var agentId = Text("agent_id");
            if (agentId is null)
            {
                return $"{type} needs agent_id";
            }

            if (e.Key != agentId)
            {
                return $"key '{e.Key}' is not the agent_id '{agentId}'";
            }

            var state = Text("state");
            if (type == "agent.state" && state is not ("available" or "not_ready"))
            {
                return "agent.state needs state available or not_ready";
            }

            return type == "agent.login" && state is not (null or "available" or "not_ready") ? "agent.login state must be available or not_ready" : null;
        }

        return $"unknown type '{type}'";
    }
}
