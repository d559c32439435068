using BenchmarkDotNet.Running;
using CallMetrics.Benchmarks.Quick;

namespace CallMetrics.Benchmarks;

/// <summary>
/// Entry point. <c>dotnet run -c Release -- --filter *</c> runs every BenchmarkDotNet suite;
/// <c>--quick</c> runs the CI harness and prints one JSON summary; the other modes are documented in
/// docs/PERFORMANCE.md.
/// </summary>
public static class BenchmarkProgram
{
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var mode = args.Length > 0 ? args[0] : "";
        switch (mode)
        {
            case "--quick":
                return QuickRun.Run(args[1..]);
            case "--state-memory":
                return StateMemoryProbe.RunState(args[1..]);
            case "--contact-memory":
                return ContactMemoryProbe.Run(args[1..]);
            case "--memory-growth":
                return StateMemoryProbe.RunGrowth(args[1..]);
            case "--day-memory":
                return DayMemoryRun.Run(args[1..]);
            case "--core-breakdown":
                return CoreBreakdownCommand.Run(args[1..]);
            case "--loop":
                return LoopCommand.Run(args[1..]);
            case "--scaling":
                return FullRuns.Scaling(args[1..]);
            case "--replay-full":
                return FullRuns.Replay(args[1..]);
            case "--broker-full":
                return EndToEnd.EndToEndCommands.BrokerFull(args[1..]);
            case "--live-latency":
                return EndToEnd.EndToEndCommands.LiveLatency(args[1..]);
            case "--write-events":
                return WorkloadInfo.WriteEvents(args[1..]);
            case "--decode-breakdown":
                return DecodeBreakdown.Run(args[1..]);
            case "--workload-info":
                return WorkloadInfo.Run(args[1..]);
            case "--peers":
                return Peers.PeersCommand.Run(args[1..]);
            default:
                BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
                return 0;
        }
    }
}
