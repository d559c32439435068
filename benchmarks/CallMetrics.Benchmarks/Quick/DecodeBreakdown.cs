using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallMetrics.Benchmarks.Suites;
using CallMetrics.Benchmarks.Workload;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;

namespace CallMetrics.Benchmarks.Quick;

/// <summary>
/// <c>--decode-breakdown [events]</c>: where the parse floor's time goes, without a profiler. The pieces
/// the decoder does per line are timed alone over the same workload's values: the one-pass scan that captures
/// the fields (and, for comparison, the strict path's capture and <c>Utf8JsonReader</c> tokenising alone),
/// interning each name it interns (tenant, call, agent, queue) through
/// <see cref="SymbolTable.Intern(ReadOnlySpan{byte})"/>, hashing the event id and parsing the timestamp. Values
/// are pulled out of the JSON in setup.
/// </summary>
internal static class DecodeBreakdown
{
    public static int Run(string[] args)
    {
        var events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 600_000;
        var w = CallCenterWorkload.Create(new WorkloadOptions { Agents = 10_000, Events = events });
        var tenants = Values(w, "tenant"u8);
        var calls = Values(w, "call_id"u8);
        var agents = Values(w, "agent_id"u8);
        var queues = Values(w, "queue"u8);
        var ids = Values(w, "event_id"u8);
        var times = Values(w, "ts"u8);
        var n = w.Count;
        double Ns(Measurement m) => Math.Round(m.MedianCpuSeconds * 1e9 / n, 1); // CPU time: steadier than wall time on a shared machine
        var decode = Measurement.Run("decode", n, () => Stages.DecodeOnly(w));
        var known = new EventDecoder(new SymbolTable());
        KnownNames(known, w);
        var decodeKnown = Measurement.Run("decode_known", n, () => KnownNames(known, w));
        var scan = Measurement.Run("scan", n, () => Scan(w));
        var strict = Measurement.Run("strict", n, () => Strict(w));
        var tokenize = Measurement.Run("tokenize", n, () => Stages.TokenizeOnly(w));
        var intern = Measurement.Run("intern", n, () => Intern(tenants, calls, agents, queues));
        var internTenant = Measurement.Run("intern_tenant", n, () => Intern(tenants, [], [], []));
        var internCall = Measurement.Run("intern_call", n, () => Intern([], calls, [], []));
        var hash = Measurement.Run("event_id", n, () => Hash(tenants, ids));
        var parse = Measurement.Run("ts", n, () => ParseTimes(times));
        Console.WriteLine(new JsonObject
        {
            ["events"] = n,
            ["names_interned_per_event"] = Math.Round((double)(tenants.Count + calls.Count + agents.Count + queues.Count) / n, 2),
            ["decode_ns_per_event"] = Ns(decode),
            ["decode_known_names_ns_per_event"] = Ns(decodeKnown),
            ["scan_ns_per_event"] = Ns(scan),
            ["strict_capture_ns_per_event"] = Ns(strict),
            ["tokenize_ns_per_event"] = Ns(tokenize),
            ["intern_all_names_ns_per_event"] = Ns(intern),
            ["intern_tenant_ns_per_event"] = Ns(internTenant),
            ["intern_call_id_ns_per_event"] = Ns(internCall),
            ["event_id_hash_ns_per_event"] = Ns(hash),
            ["rfc3339_ns_per_event"] = Ns(parse),
            ["note"] = "each piece alone over the same values, fresh SymbolTable per run (decode_known_names: one that knows every name); decode = scan + checks + interning; strict capture and tokenize are what a message off the fast path costs",
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        return 0;
    }

    private static List<byte[]> Values(CallCenterWorkload w, ReadOnlySpan<byte> property)
    {
        var values = new List<byte[]>();
        for (var i = 0; i < w.Count; i++)
        {
            var reader = new Utf8JsonReader(w.Line(i));
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals(property) && reader.Read())
                {
                    values.Add(reader.ValueSpan.ToArray());
                    break;
                }
            }
        }

        return values;
    }

    private static long KnownNames(EventDecoder decoder, CallCenterWorkload w)
    {
        long sum = 0;
        for (var i = 0; i < w.Count; i++)
        {
            sum += decoder.Decode(w.Line(i), out var e).IsOk ? e.Agent : 0;
        }

        return sum;
    }

    private static long Scan(CallCenterWorkload w)
    {
        long sum = 0;
        for (var i = 0; i < w.Count; i++)
        {
            var fields = default(EventFields);
            sum += CanonicalScanner.TryScan(w.Line(i), ref fields) ? fields.EventId.Length : 0;
        }

        return sum;
    }

    private static long Strict(CallCenterWorkload w)
    {
        var strict = new StrictReader();
        long sum = 0;
        for (var i = 0; i < w.Count; i++)
        {
            var fields = default(EventFields);
            sum += strict.Read(w.Line(i), ref fields).IsOk ? fields.EventId.Length : 0;
        }

        return sum;
    }

    private static long Intern(List<byte[]> a, List<byte[]> b, List<byte[]> c, List<byte[]> d)
    {
        var symbols = new SymbolTable();
        long sum = 0;
        foreach (var list in new[] { a, b, c, d })
        {
            foreach (var value in list)
            {
                sum += symbols.Intern(value);
            }
        }

        return sum;
    }

    private static long Hash(List<byte[]> tenants, List<byte[]> ids)
    {
        long sum = 0;
        for (var i = 0; i < ids.Count; i++)
        {
            sum += (long)EventId.Compute(tenants[i], ids[i]).Low;
        }

        return sum;
    }

    private static long ParseTimes(List<byte[]> times)
    {
        long sum = 0;
        foreach (var t in times)
        {
            Rfc3339.TryParse(t, out var ns, out _);
            sum += ns;
        }

        return sum;
    }
}
