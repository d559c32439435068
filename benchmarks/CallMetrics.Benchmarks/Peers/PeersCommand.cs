using System.Globalization;

namespace CallMetrics.Benchmarks.Peers;

/// <summary>
/// <c>--peers [events] [agents] [runs] [peer,peer...]</c>: CallMetrics against its peers on the same records (default 1,000,000
/// events of a 2,000-agent center, median of 5 runs, every peer of <see cref="PeersStage.PeerNames"/> or those named), printed as a table; exits 1 when a peer's subset differs from
/// CallMetrics', since a speed ratio between different outputs means nothing.
/// </summary>
internal static class PeersCommand
{
    public static int Run(string[] args)
    {
        var events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var agents = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2_000;
        var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        var only = args.Length > 3 ? args[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;
        var workload = PeerWorkload.Create(events, agents);
        var (json, table, equal) = PeersStage.Run(workload, runs, only);
        Console.WriteLine(table);
        Console.WriteLine(json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        if (!equal)
        {
            Console.Error.WriteLine("peers: a peer's subset differs from CallMetrics' (see above); the comparison is void");
            return 1;
        }

        return 0;
    }
}
