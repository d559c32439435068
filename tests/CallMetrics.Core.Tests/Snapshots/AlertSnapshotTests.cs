using System.Text;
using CallMetrics.Core.Alerts;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Output;
using CallMetrics.Core.Processing;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Core.Tests.Snapshots;

/// <summary>
/// The state series and the alert evaluator's state (firing, last fired, held since) are part of the engine snapshot:
/// restored after any event of the live-state scenario, the rest of the stream gives the uninterrupted lines and alerts.
/// </summary>
public sealed class AlertSnapshotTests
{
    private const string Name = "live-state-and-alerts";
    private static readonly MetricsOptions Options = new() { Rolling = TimeSpan.FromMinutes(15), Step = TimeSpan.FromMinutes(1), Lateness = TimeSpan.Zero };

    public static IEnumerable<object[]> Cuts() => Enumerable.Range(1, 32).Select(cut => new object[] { cut });

    [Theory]
    [MemberData(nameof(Cuts))]
    public void A_restored_engine_goes_on_with_the_same_state_lines_and_alerts(int cut)
    {
        var lines = File.ReadAllLines(ScenarioFiles.Events(Name));
        AlertRuleFile.TryParse(File.ReadAllText(ScenarioFiles.Rules(Name)), out var rules, out _).Should().BeTrue();
        var whole = new Run(rules);
        whole.Apply(lines);
        whole.Engine.Complete();

        var first = new Run(rules);
        first.Apply(lines.Take(cut));
        using var snapshot = new MemoryStream();
        first.Engine.Snapshot(snapshot, first.Symbols);
        snapshot.Position = 0;
        var second = new Run(rules, snapshot);
        second.Apply(lines.Skip(cut));
        second.Engine.Complete();

        (first.Output.ToString() + second.Output).Should().Be(whole.Output.ToString());
        first.Alerts.Concat(second.Alerts).Should().Equal(File.ReadAllLines(ScenarioFiles.ExpectedAlerts(Name)));
    }

    private sealed class Run : IWindowSink
    {
        private readonly LineProtocolFormatter _formatter;
        private readonly EventDecoder _decoder;

        public Run(IReadOnlyList<AlertRule> rules, Stream? snapshot = null)
        {
            _formatter = new LineProtocolFormatter(Symbols);
            _decoder = new EventDecoder(Symbols);
            var evaluator = new AlertEvaluator(rules, Options.Step);
            var sink = new AlertingSink(this, evaluator, Symbols, null, changes => Alerts.AddRange(changes.Select(AlertJson.Format)));
            Engine = snapshot is null
                ? new MetricsEngine(Options, sink, names: Symbols) { Alerts = evaluator }
                : MetricsEngine.Restore(snapshot, Symbols, Options, sink, alerts: evaluator);
        }

        public SymbolTable Symbols { get; } = new();

        public MetricsEngine Engine { get; }

        public StringBuilder Output { get; } = new();

        public List<string> Alerts { get; } = [];

        public void Apply(IEnumerable<string> lines)
        {
            foreach (var line in lines)
            {
                _decoder.Decode(Encoding.UTF8.GetBytes(line), out var e);
                Engine.Accept(e);
            }
        }

        public void OnWindows(IReadOnlyList<WindowResult> windows) => _formatter.Format(windows, Output);
    }
}
