using CallMetrics.Influx;

namespace CallMetrics.Tests.Influx;

public class SecretRedactorTests
{
    [Theory]
    [InlineData("http://db:8086/write?db=x&u=admin&p=hunter2", "http://db:8086/write?db=x&u=***&p=***")]
    [InlineData("http://admin:hunter2@db:8086/write?db=x", "http://db:8086/write?db=x")]
    [InlineData("http://db/api/v2/write?org=o&token=abc&bucket=b", "http://db/api/v2/write?org=o&token=***&bucket=b")]
    [InlineData("http://db:8086", "http://db:8086")]
    public void RedactUrl_RemovesCredentials(string url, string expected) =>
        SecretRedactor.RedactUrl(url).Should().Be(expected);

    [Fact]
    public void Scrub_MasksKnownSecretsAnywhere() =>
        SecretRedactor.Scrub("auth failed for token abc123 at http://x?p=pw", ["abc123"]).Should().Be("auth failed for token *** at http://x?p=***");
}
