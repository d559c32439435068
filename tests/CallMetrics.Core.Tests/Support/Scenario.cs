using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CallMetrics.Core.Tests.Support;

/// <summary>
/// Builds a stream of canonical events (EVENTS.md) as JSON lines, one sentence per event:
/// <c>Scenario.On("2026-11-22").At("09:00").Login("a1", team: "blue").At("09:01").Queued("c1", "sales")</c>.
/// Event ids are numbered automatically; <see cref="Lines"/> gives the JSON Lines.
/// </summary>
public sealed class Scenario
{
    private readonly List<string> _lines = [];
    private readonly DateOnly _date;
    private DateTimeOffset _now;
    private int _nextId = 1;

    private Scenario(DateOnly date)
    {
        _date = date;
        _now = new DateTimeOffset(date, TimeOnly.MinValue, TimeSpan.Zero);
    }

    /// <summary>A scenario on 2026-11-22 (UTC), the date of the spec's examples.</summary>
    public static Scenario Create() => new(new DateOnly(2026, 11, 22));

    /// <summary>A scenario on a given date (UTC).</summary>
    public static Scenario On(string date) => new(DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>Sets the time of the next events: <c>09:00</c>, <c>09:00:05</c> or <c>09:00:05.250</c>.</summary>
    public Scenario At(string time)
    {
        var format = time.Length switch { 5 => "HH:mm", 8 => "HH:mm:ss", _ => "HH:mm:ss.fff" };
        _now = new DateTimeOffset(_date, TimeOnly.ParseExact(time, format, CultureInfo.InvariantCulture), TimeSpan.Zero);
        return this;
    }

    /// <summary>Moves the time of the next events forward.</summary>
    public Scenario After(TimeSpan span)
    {
        _now += span;
        return this;
    }

    /// <summary>The time the next event gets.</summary>
    public DateTimeOffset Now => _now;

    public Scenario Login(string agent, string? team = null, string? state = null, string? tenant = null) =>
        Add("agent.login", tenant, ("agent_id", agent), ("team", team), ("state", state));

    public Scenario State(string agent, string state, string? reason = null, string? tenant = null) =>
        Add("agent.state", tenant, ("agent_id", agent), ("state", state), ("reason", reason));

    public Scenario Logout(string agent, string? tenant = null) => Add("agent.logout", tenant, ("agent_id", agent));

    public Scenario Arrived(string call, string? callType = null, string? tenant = null) =>
        Add("call.arrived", tenant, ("call_id", call), ("call_type", callType));

    public Scenario Queued(string call, string queue, string? tenant = null) => Add("call.queued", tenant, ("call_id", call), ("queue", queue));

    public Scenario Answered(string call, string agent, string? queue = null, string? tenant = null) =>
        Add("call.answered", tenant, ("call_id", call), ("agent_id", agent), ("queue", queue));

    public Scenario Held(string call, string agent, string? tenant = null) => Add("call.held", tenant, ("call_id", call), ("agent_id", agent));

    public Scenario Retrieved(string call, string agent, string? tenant = null) =>
        Add("call.retrieved", tenant, ("call_id", call), ("agent_id", agent));

    public Scenario Transferred(string call, string agent, string? toQueue = null, string? toAgent = null, string? tenant = null) =>
        Add("call.transferred", tenant, ("call_id", call), ("agent_id", agent), ("to_queue", toQueue), ("to_agent", toAgent));

    public Scenario Ended(string call, string? agent = null, string? tenant = null) => Add("call.ended", tenant, ("call_id", call), ("agent_id", agent));

    public Scenario WrapEnded(string call, string agent, string? tenant = null) =>
        Add("wrap.ended", tenant, ("call_id", call), ("agent_id", agent));

    public Scenario Survey(string call, int score, string? agent = null, string? tenant = null)
    {
        var json = Envelope("survey.completed", tenant, ("call_id", call), ("agent_id", agent));
        json = json[..^1] + ",\"score\":" + score.ToString(CultureInfo.InvariantCulture) + "}";
        _lines.Add(json);
        return this;
    }

    /// <summary>Adds a raw line (for bad input).</summary>
    public Scenario Raw(string line)
    {
        _lines.Add(line);
        return this;
    }

    /// <summary>The events as JSON lines, in the order they were added.</summary>
    public IReadOnlyList<string> Lines => _lines;

    /// <summary>The events as one JSON Lines text.</summary>
    public string Text => string.Join('\n', _lines) + "\n";

    /// <summary>The Unix-nanosecond timestamp of a time of day on the scenario's date (for expected line timestamps).</summary>
    public long Nanos(string time)
    {
        var format = time.Length switch { 5 => "HH:mm", 8 => "HH:mm:ss", _ => "HH:mm:ss.fff" };
        var instant = new DateTimeOffset(_date, TimeOnly.ParseExact(time, format, CultureInfo.InvariantCulture), TimeSpan.Zero);
        return (instant - DateTimeOffset.UnixEpoch).Ticks * 100;
    }

    private Scenario Add(string type, string? tenant, params (string Name, string? Value)[] fields)
    {
        _lines.Add(Envelope(type, tenant, fields));
        return this;
    }

    private string Envelope(string type, string? tenant, params (string Name, string? Value)[] fields)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("event_id", "e" + (_nextId++).ToString(CultureInfo.InvariantCulture));
            writer.WriteString("type", type);
            writer.WriteString("ts", _now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            if (tenant is not null)
            {
                writer.WriteString("tenant", tenant);
            }

            foreach (var (name, value) in fields)
            {
                if (value is not null)
                {
                    writer.WriteString(name, value);
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
