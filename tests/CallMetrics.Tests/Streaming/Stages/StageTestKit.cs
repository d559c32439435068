using System.Text;
using Akka.Streams;
using CallMetrics.Core.Events;
using CallMetrics.Streaming.Elements;
using CallMetrics.Streaming.Stages;

namespace CallMetrics.Tests.Streaming.Stages;

/// <summary>An Akka.Streams TestKit with a materializer and builders of stream elements.</summary>
public abstract class StageTestKit : Akka.TestKit.Xunit2.TestKit
{
    protected StageTestKit()
        : base("akka.loglevel = WARNING")
    {
        Materializer = Sys.Materializer();
    }

    protected IMaterializer Materializer { get; }

    /// <summary>Records at source 0, offsets from <paramref name="firstOffset"/>.</summary>
    internal static RecordBatch Records(long firstOffset, params string[] values)
    {
        var batch = new RecordBatch();
        for (var i = 0; i < values.Length; i++)
        {
            batch.Add(Encoding.UTF8.GetBytes(values[i]), new SourcePosition(0, firstOffset + i));
        }

        return batch;
    }

    /// <summary>The records decoded into the table of <paramref name="releases"/>, as the graph does.</summary>
    internal static EventBatch Decoded(SymbolReleases releases, RecordBatch records) =>
        (EventBatch)new BatchDecoder(releases.Symbols).Decode(records);

    internal static SymbolReleases NewReleases() => new(new SymbolTable());
}
