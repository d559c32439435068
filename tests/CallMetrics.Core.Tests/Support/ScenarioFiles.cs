namespace CallMetrics.Core.Tests.Support;

/// <summary>The spec's hand-checked scenarios, copied into the test output (spec/scenarios in the repository).</summary>
public static class ScenarioFiles
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "scenarios");

    /// <summary>The scenarios replayed with <c>--rolling 15m --step 1m</c> (their .md says so): the live state series need them.</summary>
    public static IReadOnlySet<string> Rolling { get; } = new HashSet<string>(StringComparer.Ordinal) { "live-state-and-alerts" };

    /// <summary>Names of the scenarios replayed with the default options (NAME of NAME.jsonl with a NAME.expected.lp beside it).</summary>
    public static IEnumerable<object[]> Names() =>
        AllNames().Where(name => !Rolling.Contains(name)).Select(name => new object[] { name });

    /// <summary>Names of every scenario.</summary>
    public static IEnumerable<string> AllNames() =>
        System.IO.Directory.GetFiles(Directory, "*.jsonl")
            .Select(name => Path.GetFileNameWithoutExtension(name)!)
            .Where(name => File.Exists(Path.Combine(Directory, name + ".expected.lp")))
            .Order(StringComparer.Ordinal);

    public static string Events(string name) => Path.Combine(Directory, name + ".jsonl");

    public static string Expected(string name) => Path.Combine(Directory, name + ".expected.lp");

    /// <summary>The alert rules of a scenario with alerts.</summary>
    public static string Rules(string name) => Path.Combine(Directory, name + ".rules.json");

    /// <summary>The expected alerts of a scenario with alerts.</summary>
    public static string ExpectedAlerts(string name) => Path.Combine(Directory, name + ".expected-alerts.jsonl");
}
