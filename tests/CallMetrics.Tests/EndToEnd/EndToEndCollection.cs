namespace CallMetrics.Tests.EndToEnd;

/// <summary>
/// The end-to-end tests share one broker, one InfluxDB and one VictoriaMetrics, and run one after another: each starts
/// a service process of its own, and two of those at once on 2 cores would make the timings meaningless.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<EndToEndFixture>
{
    public const string Name = "EndToEnd";
}
