using BenchmarkDotNet.Running;

namespace CallMetrics.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release -- --filter *</c> runs every suite.</summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
