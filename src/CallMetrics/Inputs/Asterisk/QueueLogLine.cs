using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace CallMetrics.Inputs.Asterisk;

/// <summary>
/// One queue_log line, <c>epoch|callid|queue|agent|EVENT|data1|data2|...</c>, split into its fields, with the checks
/// of its shape that do not depend on what came before (docs/INPUTS.md, "Asterisk queue_log").
/// </summary>
internal sealed record QueueLogLine(DateTimeOffset Time, string CallId, string Queue, string Agent, string Event, string[] DataFields, long Number)
{
    /// <summary>The event parameter at this 0-based position, or empty when the line has fewer.</summary>
    public string Data(int index) => index < DataFields.Length ? DataFields[index] : string.Empty;

    /// <summary>Splits a line and reads its timestamp; the rest is checked by the event's handler.</summary>
    public static bool TryParse(ReadOnlySpan<byte> record, long lineNumber, [NotNullWhen(true)] out QueueLogLine? line, [NotNullWhen(false)] out string? reason)
    {
        line = null;
        var fields = Encoding.UTF8.GetString(record).TrimEnd('\r', '\n').Split('|');
        if (fields.Length < 5)
        {
            reason = $"a queue_log line has at least 5 fields (epoch|callid|queue|agent|EVENT), found {fields.Length}";
            return false;
        }

        if (!TryParseEpoch(fields[0], out var ts))
        {
            reason = $"timestamp '{fields[0]}' is not Unix epoch seconds";
            return false;
        }

        line = new QueueLogLine(ts, fields[1], fields[2], fields[3], fields[4], fields.AsSpan(5).ToArray(), lineNumber);
        reason = null;
        return true;
    }

    /// <summary><c>NONE</c> or empty: the field names nothing.</summary>
    public static bool IsNone(string value) => value.Length == 0 || string.Equals(value, "NONE", StringComparison.Ordinal);

    /// <summary>
    /// The numeric parameters of each event, by position, as Asterisk documents them. A parameter that an older
    /// version does not write may be missing; one that is written must be a number, or the line is not what it claims.
    /// </summary>
    public bool TryCheckNumbers([NotNullWhen(false)] out string? reason)
    {
        int[] positions = Event switch
        {
            "CONNECT" => [0, 2],                                   // holdtime|bridgedchanneluniqueid|ringtime
            "COMPLETEAGENT" or "COMPLETECALLER" => [0, 1, 2],      // holdtime|calltime|origposition
            "TRANSFER" or "BLINDTRANSFER" => [2, 3, 4],            // extension|context|holdtime|calltime|origposition
            "ABANDON" or "EXITWITHTIMEOUT" or "EXITEMPTY" => [0, 1, 2], // position|origposition|waittime
            "EXITWITHKEY" => [1, 2, 3],                            // key|position|origposition|waittime
            "RINGNOANSWER" or "RINGCANCELED" => [0],               // ringtime (ms)
            _ => [],
        };

        // ATTENDEDTRANSFER's method data varies in length (BRIDGE|id, APP|app, LINK|chan|chan): the last three are numbers.
        if (Event == "ATTENDEDTRANSFER")
        {
            if (DataFields.Length < 5 || DataFields[0] is not ("BRIDGE" or "APP" or "LINK"))
            {
                reason = "ATTENDEDTRANSFER is BRIDGE|bridge, APP|app or LINK|channel|channel, then holdtime|calltime|origposition";
                return false;
            }

            positions = [DataFields.Length - 3, DataFields.Length - 2, DataFields.Length - 1];
        }

        foreach (var position in positions)
        {
            var text = Data(position);
            if (text.Length > 0 && !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"{Event} parameter {position + 1} '{text}' is not a number");
                return false;
            }
        }

        reason = null;
        return true;
    }

    /// <summary>Call events need the caller channel's uniqueid (not <c>NONE</c> or <c>REALTIME</c>).</summary>
    public bool TryRequireCall([NotNullWhen(false)] out string? reason)
    {
        reason = IsNone(CallId) || string.Equals(CallId, "REALTIME", StringComparison.Ordinal)
            ? $"{Event} needs the caller's uniqueid in the callid field"
            : null;
        return reason is null;
    }

    public bool TryRequireQueue([NotNullWhen(false)] out string? reason)
    {
        reason = IsNone(Queue) ? $"{Event} needs a queue name" : null;
        return reason is null;
    }

    public bool TryRequireAgent([NotNullWhen(false)] out string? reason)
    {
        reason = IsNone(Agent) ? $"{Event} needs an agent (queue member) name" : null;
        return reason is null;
    }

    /// <summary>Deterministic, unique event ids for this line: <c>ast-&lt;uniqueid&gt;-&lt;line&gt;-&lt;n&gt;</c>.</summary>
    public EventIds Ids() => new(this);

    private static bool TryParseEpoch(string text, out DateTimeOffset ts)
    {
        ts = default;
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            || seconds < 0 || seconds > 253_402_300_799m)
        {
            return false;
        }

        ts = DateTimeOffset.FromUnixTimeMilliseconds((long)decimal.Truncate(seconds * 1000m));
        return true;
    }

    /// <summary>The ids of the events one line becomes, numbered in the order they are made.</summary>
    internal sealed class EventIds(QueueLogLine line)
    {
        private int _next;

        public string Next() => string.Create(CultureInfo.InvariantCulture, $"ast-{line.CallId}-{line.Number}-{_next++}");
    }
}
