using System.Text;
using CallMetrics.Core.Options;

namespace CallMetrics.Core.Tests.Options;

public sealed class OutcomeMapJsonTests
{
    [Fact]
    public void A_map_from_dispositions_to_the_four_classes_is_read_as_written()
    {
        OutcomeMapJson.TryParse("{\"fixed\": \"resolved\", \"Tier 2\": \"escalated\", \"order\": \"sale\", \"angry\": \"complaint\"}"u8, out var map, out var error)
            .Should().BeTrue(error);

        map.Should().BeEquivalentTo(new Dictionary<string, OutcomeClass>
        {
            ["fixed"] = OutcomeClass.Resolved, ["Tier 2"] = OutcomeClass.Escalated, ["order"] = OutcomeClass.Sale, ["angry"] = OutcomeClass.Complaint,
        });
    }

    [Theory]
    [InlineData("[]", "JSON object")]
    [InlineData("{\"a\": 1}", "not a string")]
    [InlineData("{\"a\": \"Resolved\"}", "'Resolved'")]
    [InlineData("{\"a\": \"sale\", \"a\": \"sale\"}", "twice")]
    [InlineData("{\"\": \"sale\"}", "empty disposition")]
    [InlineData("{\"a\": \"sale\"} {}", "after a single JSON value")]
    [InlineData("{\"a\": ", "not valid JSON")]
    public void Anything_else_makes_the_whole_map_unusable_with_a_reason(string json, string reason)
    {
        OutcomeMapJson.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error).Should().BeFalse();

        error.Should().Contain(reason);
    }
}
