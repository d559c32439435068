using System.Text;
using CallMetrics.Streaming.Stages;

namespace CallMetrics.Tests.Streaming.Stages;

public sealed class LineSinkEncodingTests
{
    [Fact]
    public void A_batch_is_encoded_chunk_by_chunk_exactly_as_its_whole_text_would_be()
    {
        var encoder = new UTF8Encoding(false).GetEncoder();
        var buffer = new byte[3];
        const string Line = "agent_metrics,agent=ag\u00e9nt-\U0001F600,team=t\u00fcrkiye handled=1i 1700000000000000000\n";
        for (var capacity = 1; capacity < 40; capacity++)
        {
            // A small first chunk splits later appends, at every offset, including between the two halves of the emoji.
            var text = new StringBuilder(capacity);
            for (var i = 0; i < 5; i++)
            {
                text.Append(Line);
            }

            var chunks = 0;
            foreach (var _ in text.GetChunks())
            {
                chunks++;
            }

            chunks.Should().BeGreaterThan(1);
            LineSink.Encode(text, encoder, ref buffer).Should().Equal(Encoding.UTF8.GetBytes(text.ToString()), $"capacity {capacity}");
        }
    }
}
