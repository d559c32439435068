namespace CallMetrics.Core.Tests.Support;

/// <summary>The spec's hand-checked scenarios, copied into the test output (spec/scenarios in the repository).</summary>
public static class ScenarioFiles
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "scenarios");

    /// <summary>Names of the scenarios (NAME of NAME.jsonl with a NAME.expected.lp beside it).</summary>
    public static IEnumerable<object[]> Names() =>
        System.IO.Directory.GetFiles(Directory, "*.jsonl")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => File.Exists(Path.Combine(Directory, name + ".expected.lp")))
            .Order(StringComparer.Ordinal)
            .Select(name => new object[] { name! });

    public static string Events(string name) => Path.Combine(Directory, name + ".jsonl");

    public static string Expected(string name) => Path.Combine(Directory, name + ".expected.lp");
}
