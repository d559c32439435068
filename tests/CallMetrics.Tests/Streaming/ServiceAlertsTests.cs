using System.Text;
using System.Threading.Channels;
using CallMetrics.Alerts;
using CallMetrics.Core.Alerts;
using CallMetrics.Core.Tests.Support;
using CallMetrics.Influx;
using CallMetrics.Kafka;
using CallMetrics.Pipeline;
using CallMetrics.Streaming.Elements;
using CallMetrics.Streaming.Stages;
using CallMetrics.Streaming.Wiring;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallMetrics.Tests.Streaming;

/// <summary>The service's graph with alert rules: the engines' evaluators publish what replay writes.</summary>
public sealed class ServiceAlertsTests
{
    private const string Name = "live-state-and-alerts";

    // The scenario's last event: every step instant up to it is final in the service as in replay.
    private const string LastEvent = "2026-11-22T09:20:00Z";

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task The_graph_publishes_byte_for_byte_the_alerts_replay_writes_for_the_scenario(int shards)
    {
        var rules = Rules();
        var published = new Changes();
        var input = Channel.CreateBounded<KafkaRecordBatch>(4);
        var graph = new ServiceGraph(
            new PipelineOptions { Shards = shards },
            new Core.Options.MetricsOptions { Rolling = TimeSpan.FromMinutes(15), Step = TimeSpan.FromMinutes(1) },
            ["call-events"], checkpoint: null, stateDirectory: null, input.Reader, consumer: null, new NullSink(),
            _ => Akka.Streams.Dsl.Sink.ForEach<StreamElement>(e => throw new InvalidOperationException($"unexpected dead letter: {((DeadLetterBatch)e).Letters[0].Reason}")).MapMaterializedValue(_ => Akka.NotUsed.Instance),
            observer: null, TimeProvider.System, NullLogger.Instance, new ServiceAlerts(rules, published));
        using var system = ActorSystems.ForReplay();
        var (_, run) = graph.Run(ActorSystems.Materializer(system));

        var lines = await File.ReadAllLinesAsync(ScenarioFiles.Events(Name));
        await input.Writer.WriteAsync(NewBatch([.. lines.Select((l, i) => new KafkaRecord("call-events", 0, i, null, Encoding.UTF8.GetBytes(l), default))]));

        // A far-future event of another tenant closes every window; its own alerts are left out below.
        const string Clock = "{\"event_id\":\"clock\",\"type\":\"agent.logout\",\"ts\":\"2026-11-25T00:00:00Z\",\"tenant\":\"clock\",\"agent_id\":\"clock\"}";
        await input.Writer.WriteAsync(NewBatch([new KafkaRecord("call-events", 0, lines.Length, null, Encoding.UTF8.GetBytes(Clock), default)]));
        input.Writer.Complete();
        await run;

        var scenario = published.All.Where(c => c.Tag("tenant") == "default" && c.At <= DateTimeOffset.Parse(LastEvent, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        scenario.Select(c => c.Json).Should().Equal(await File.ReadAllLinesAsync(ScenarioFiles.ExpectedAlerts(Name)));
        scenario.Select(c => Encoding.UTF8.GetString(CallMetrics.Alerts.AlertJson.Serialize(c))).Should().Equal(scenario.Select(c => c.Json), "the webhooks and the topic send the evaluator's bytes");
        scenario[0].State.Should().Be(CallMetrics.Alerts.AlertState.Firing);
        scenario[0].Value.Should().Be(180.0);
        scenario[0].At.Should().Be(new DateTimeOffset(2026, 11, 22, 9, 5, 0, TimeSpan.Zero));
    }

    [Fact]
    public void A_change_carries_the_evaluators_text_so_an_int_stays_an_int_and_a_float_keeps_its_point()
    {
        var rule = Rules()[0];
        var tags = new[] { KeyValuePair.Create("queue", "sales"), KeyValuePair.Create("tenant", "default") };

        var change = ServiceAlerts.ToChange(new AlertTransition(rule, tags, Core.Alerts.AlertState.Firing, 1_795_338_300_000_000_000, "180.0"));

        Encoding.UTF8.GetString(CallMetrics.Alerts.AlertJson.Serialize(change))
            .Should().Be("{\"rule\": \"long-wait\", \"tags\": {\"queue\": \"sales\", \"tenant\": \"default\"}, \"state\": \"firing\", \"at\": \"2026-11-22T09:05:00Z\", \"value\": 180.0}");
        change.Key.Should().Be("long-wait;queue=sales;tenant=default");
    }

    [Theory]
    [InlineData(10)]
    [InlineData(24)]
    [InlineData(32)]
    public void An_engine_restored_from_its_snapshot_goes_on_with_its_evaluator_and_puts_back_the_firing_list(int cut)
    {
        var lines = File.ReadAllLines(ScenarioFiles.Events(Name));
        var options = new Core.Options.MetricsOptions { Rolling = TimeSpan.FromMinutes(15), Step = TimeSpan.FromMinutes(1), Lateness = TimeSpan.Zero };
        var beforeChanges = new Changes();
        var beforeFiring = new FiringAlerts();
        var before = new ServiceAlerts(Rules(), new Fanout(beforeChanges, beforeFiring));
        var symbols = new Core.Events.SymbolTable();
        var engine = before.Engine(options, new Discard(), symbols, null, TimeProvider.System, _ => { }, snapshot: null);
        Apply(engine, symbols, lines.Take(cut));
        using var snapshot = new MemoryStream();
        engine.Snapshot(snapshot, symbols);

        var afterChanges = new Changes();
        var restoredFiring = new FiringAlerts();
        var after = new ServiceAlerts(Rules(), afterChanges, restoredFiring);
        var restoredSymbols = new Core.Events.SymbolTable();
        var restored = after.Engine(options, new Discard(), restoredSymbols, null, TimeProvider.System, _ => { }, snapshot.ToArray());
        restoredFiring.Current.Select(a => a.Key).Should().Equal(beforeFiring.Current.Select(a => a.Key), "the firing list is put back from the restored evaluator");
        afterChanges.All.Should().BeEmpty("putting the list back delivers nothing again");
        Apply(restored, restoredSymbols, lines.Skip(cut));
        restored.Complete();

        beforeChanges.All.Concat(afterChanges.All).Select(c => c.Json).Should().Equal(File.ReadAllLines(ScenarioFiles.ExpectedAlerts(Name)));
    }

    private static void Apply(Core.Processing.MetricsEngine engine, Core.Events.SymbolTable symbols, IEnumerable<string> lines)
    {
        var decoder = new Core.Decoding.EventDecoder(symbols);
        foreach (var line in lines)
        {
            decoder.Decode(Encoding.UTF8.GetBytes(line), out var e);
            engine.Accept(e);
        }
    }

    private static IReadOnlyList<AlertRule> Rules()
    {
        AlertRuleFile.TryParse(File.ReadAllText(ScenarioFiles.Rules(Name)), out var rules, out var error).Should().BeTrue(error);
        return rules;
    }

    private static KafkaRecordBatch NewBatch(List<KafkaRecord> records) =>
        (KafkaRecordBatch)Activator.CreateInstance(typeof(KafkaRecordBatch), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance, null, [records], null)!;

    private sealed class Changes : IAlertChanges
    {
        private readonly List<AlertChange> _all = [];

        public IReadOnlyList<AlertChange> All
        {
            get
            {
                lock (_all)
                {
                    return [.. _all];
                }
            }
        }

        public void Publish(AlertChange change)
        {
            lock (_all)
            {
                _all.Add(change);
            }
        }
    }

    private sealed class Fanout(Changes changes, FiringAlerts firing) : IAlertChanges
    {
        public void Publish(AlertChange change)
        {
            changes.Publish(change);
            firing.Accept(change);
        }
    }

    private sealed class Discard : Core.Output.IWindowSink
    {
        public void OnWindows(IReadOnlyList<Core.Output.WindowResult> windows)
        {
        }
    }

    private sealed class NullSink : ISinkWriter
    {
        public ValueTask WriteAsync(SinkBatch batch, CancellationToken cancellationToken)
        {
            batch.OnDurable?.Invoke();
            return ValueTask.CompletedTask;
        }

        public Task WhenDurableAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
