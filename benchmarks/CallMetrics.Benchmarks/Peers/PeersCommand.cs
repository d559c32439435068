using System.Globalization;

namespace CallMetrics.Benchmarks.Peers;

/// <summary>
/// <c>--peers [events] [agents] [runs] [peer,peer...]</c>: CallMetrics against its peers on the same records
/// (default 500,000 events of a 2,000-agent center, ~2.6 h of event time; the median of 5 runs, of 3 for Streamiz,
/// whose runs take longest; every peer of <see cref="PeersStage.PeerNames"/> or those named), printed as a table and
/// as JSON. Exits 1 when a peer's subset differs from CallMetrics' (a speed ratio between different outputs means
/// nothing) or a peer could not run.
/// </summary>
internal static class PeersCommand
{
    public static int Run(string[] args)
    {
        var events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500_000;
        var agents = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2_000;
        var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        var only = args.Length > 3 ? args[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;
        var workload = PeerWorkload.Create(events, agents);
        var (json, table, equal, complete) = PeersStage.Run(workload, runs, only, brokerRuns: Math.Min(runs, 3));
        Console.WriteLine(table);
        Console.WriteLine(json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        if (!equal)
        {
            Console.Error.WriteLine("peers: a peer's subset differs from CallMetrics' (see above); the comparison is void");
            return 1;
        }

        if (!complete)
        {
            Console.Error.WriteLine("peers: a peer did not run (see above)");
            return 1;
        }

        return 0;
    }
}
