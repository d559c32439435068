using CallMetrics.Influx;
using Microsoft.Extensions.Configuration;

namespace CallMetrics.Tests.Influx;

public class InfluxOptionsTests
{
    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new InfluxOptions();

        options.Url.Should().Be("http://127.0.0.1:8086");
        options.Api.Should().Be(InfluxApi.V1);
        options.Database.Should().Be("callmetrics");
        options.BatchSize.Should().Be(5000);
        options.FlushInterval.Should().Be(TimeSpan.FromSeconds(1));
        options.Gzip.Should().BeTrue();
        options.Timeout.Should().Be(TimeSpan.FromSeconds(10));
        options.MaxRetryDelay.Should().Be(TimeSpan.FromSeconds(30));
        options.QueueCapacity.Should().Be(64);
        options.CreateDatabase.Should().BeTrue();
        options.Validate().Should().BeEmpty();
    }

    [Fact]
    public void Binds_FromTheCallMetricsInfluxSection_WithApiAsText()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CallMetrics:Influx:Url"] = "http://tsdb:8428",
            ["CallMetrics:Influx:Api"] = "v2",
            ["CallMetrics:Influx:Org"] = "acme",
            ["CallMetrics:Influx:Bucket"] = "calls",
            ["CallMetrics:Influx:Token"] = "tok",
            ["CallMetrics:Influx:FlushInterval"] = "00:00:02",
            ["CallMetrics:Influx:Gzip"] = "false",
        }).Build();

        InfluxOptions options = configuration.GetSection(InfluxDefaults.SectionName).Get<InfluxOptions>()!;

        options.Api.Should().Be(InfluxApi.V2);
        options.Bucket.Should().Be("calls");
        options.FlushInterval.Should().Be(TimeSpan.FromSeconds(2));
        options.Gzip.Should().BeFalse();
        options.BatchSize.Should().Be(InfluxDefaults.BatchSize);
        options.Validate().Should().BeEmpty();
    }

    [Fact]
    public void Validate_V2WithoutOrgAndBucket_NamesBothSettings()
    {
        var options = new InfluxOptions { Api = InfluxApi.V2 };

        options.Validate().Should().BeEquivalentTo(
            "CallMetrics:Influx:Org is required when Api is v2",
            "CallMetrics:Influx:Bucket is required when Api is v2");
    }

    [Fact]
    public void Validate_ReportsEveryBadSetting()
    {
        var options = new InfluxOptions
        {
            Url = "tcp://x",
            Database = " ",
            Password = "pw",
            BatchSize = 0,
            QueueCapacity = 0,
            FlushInterval = TimeSpan.Zero,
            Timeout = TimeSpan.FromSeconds(-1),
            MaxRetryDelay = TimeSpan.Zero,
        };

        IReadOnlyList<string> errors = options.Validate();

        errors.Should().HaveCount(8);
        errors.Should().Contain(e => e.StartsWith("CallMetrics:Influx:Url", StringComparison.Ordinal));
        errors.Should().Contain("CallMetrics:Influx:Database is required when Api is v1");
        errors.Should().Contain("CallMetrics:Influx:Username is required when a password is set");
        errors.Should().Contain(e => e.StartsWith("CallMetrics:Influx:BatchSize", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("CallMetrics:Influx:MaxRetryDelay", StringComparison.Ordinal));
        errors.Should().NotContain(e => e.Contains("pw", StringComparison.Ordinal));
    }

    [Fact]
    public void ThrowIfInvalid_ListsTheProblemsInTheMessage()
    {
        var options = new InfluxOptions { Api = InfluxApi.V2, Org = "o" };

        Action check = options.ThrowIfInvalid;

        check.Should().Throw<InvalidOperationException>().WithMessage("*CallMetrics:Influx:Bucket is required when Api is v2*");
    }

    [Fact]
    public void ToString_MasksPasswordAndTokenAndUrlCredentials()
    {
        var v1 = new InfluxOptions { Url = "http://admin:hunter2@db:8086/?u=admin&p=hunter2", Username = "admin", Password = "hunter2" };
        var v2 = new InfluxOptions { Api = InfluxApi.V2, Org = "o", Bucket = "b", Token = "s3cr3t-token" };

        v1.ToString().Should().NotContain("hunter2").And.Contain("Password=***").And.Contain("Username=admin");
        v2.ToString().Should().NotContain("s3cr3t-token").And.Contain("Token=***");
    }

    [Fact]
    public void Validate_UrlWithCredentials_IsRefusedWithoutEchoingThem()
    {
        var options = new InfluxOptions { Url = "http://admin:hunter2@db:8086" };

        options.Validate().Should().ContainSingle().Which.Should().NotContain("hunter2").And.StartWith("CallMetrics:Influx:Url");
    }

    [Fact]
    public void TokenFile_IsReadAndTrimmed()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "  file-token\n");
            var options = new InfluxOptions { Api = InfluxApi.V2, Org = "o", Bucket = "b", TokenFile = file };

            options.Validate().Should().BeEmpty();
            options.ResolveToken().Should().Be("file-token");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Validate_MissingSecretFiles_AreReported()
    {
        var v1 = new InfluxOptions { Username = "u", PasswordFile = "/nonexistent/pw" };
        var v2 = new InfluxOptions { Api = InfluxApi.V2, Org = "o", Bucket = "b", Token = "t", TokenFile = "/nonexistent/token" };

        v1.Validate().Should().ContainSingle().Which.Should().StartWith("CallMetrics:Influx:PasswordFile");
        v2.Validate().Should().HaveCount(2).And.Contain("CallMetrics:Influx:Token and CallMetrics:Influx:TokenFile are mutually exclusive");
    }
}
