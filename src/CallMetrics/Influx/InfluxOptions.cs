using System.Globalization;
using System.Text;

namespace CallMetrics.Influx;

/// <summary>
/// Settings of the InfluxDB sink, bound from <c>CallMetrics:Influx</c> (see <see cref="InfluxDefaults"/> for every default).
/// Secrets (<see cref="Password"/>, <see cref="Token"/>) never appear in <see cref="ToString"/>.
/// </summary>
public sealed class InfluxOptions
{
    /// <summary>Base address of the server, e.g. <c>http://127.0.0.1:8086</c>. Default <see cref="InfluxDefaults.Url"/>.</summary>
    public string Url { get; set; } = InfluxDefaults.Url;

    /// <summary>Write API: <c>v1</c> (InfluxDB 1.x) or <c>v2</c> (InfluxDB 2.x/3.x, VictoriaMetrics). Default v1.</summary>
    public InfluxApi Api { get; set; } = InfluxDefaults.Api;

    /// <summary>1.x database. Default <see cref="InfluxDefaults.Database"/>.</summary>
    public string Database { get; set; } = InfluxDefaults.Database;

    /// <summary>1.x retention policy; empty means the database's default policy.</summary>
    public string? RetentionPolicy { get; set; }

    /// <summary>1.x user name (sent as HTTP basic auth, never in the URL).</summary>
    public string? Username { get; set; }

    /// <summary>1.x password. Prefer <see cref="PasswordFile"/>.</summary>
    public string? Password { get; set; }

    /// <summary>File holding the 1.x password (surrounding white space is trimmed).</summary>
    public string? PasswordFile { get; set; }

    /// <summary>2.x organisation.</summary>
    public string? Org { get; set; }

    /// <summary>2.x bucket.</summary>
    public string? Bucket { get; set; }

    /// <summary>2.x API token, sent as <c>Authorization: Token ...</c>; usually from <c>CallMetrics__Influx__Token</c>.</summary>
    public string? Token { get; set; }

    /// <summary>File holding the 2.x token (e.g. a mounted secret; surrounding white space is trimmed).</summary>
    public string? TokenFile { get; set; }

    /// <summary>Most lines coalesced into one HTTP write. Default <see cref="InfluxDefaults.BatchSize"/>.</summary>
    public int BatchSize { get; set; } = InfluxDefaults.BatchSize;

    /// <summary>Longest time a line waits in the sink before it is written. Default <see cref="InfluxDefaults.FlushInterval"/>.</summary>
    public TimeSpan FlushInterval { get; set; } = InfluxDefaults.FlushInterval;

    /// <summary>Whether request bodies are gzip-compressed. Default <see cref="InfluxDefaults.Gzip"/>.</summary>
    public bool Gzip { get; set; } = InfluxDefaults.Gzip;

    /// <summary>Timeout of one HTTP attempt. Default <see cref="InfluxDefaults.Timeout"/>.</summary>
    public TimeSpan Timeout { get; set; } = InfluxDefaults.Timeout;

    /// <summary>Cap on the delay between two attempts (also caps a server's <c>Retry-After</c>). Default <see cref="InfluxDefaults.MaxRetryDelay"/>.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = InfluxDefaults.MaxRetryDelay;

    /// <summary>Capacity of the sink's queue in batches; a full queue makes producers wait. Default <see cref="InfluxDefaults.QueueCapacity"/>.</summary>
    public int QueueCapacity { get; set; } = InfluxDefaults.QueueCapacity;

    /// <summary>Whether the 1.x database is created (idempotently) at start-up. Default <see cref="InfluxDefaults.CreateDatabase"/>.</summary>
    public bool CreateDatabase { get; set; } = InfluxDefaults.CreateDatabase;

    /// <summary>How long disposing the sink keeps flushing before it gives up (unwritten batches are then never acknowledged). Default <see cref="InfluxDefaults.ShutdownTimeout"/>.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = InfluxDefaults.ShutdownTimeout;

    /// <summary>Checks the settings; returns one message per problem, each naming the setting. Empty means valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        const string prefix = InfluxDefaults.SectionName + ":";
        var errors = new List<string>();
        if (!Uri.TryCreate(Url, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{prefix}Url must be an absolute http or https address (got '{SecretRedactor.RedactUrl(Url)}')");
        }
        else if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            errors.Add($"{prefix}Url must not carry credentials; use {prefix}Username/Password or {prefix}Token");
        }

        if (!Enum.IsDefined(Api))
        {
            errors.Add($"{prefix}Api must be v1 or v2");
        }
        else if (Api == InfluxApi.V1)
        {
            if (string.IsNullOrWhiteSpace(Database))
            {
                errors.Add($"{prefix}Database is required when Api is v1");
            }

            if (!string.IsNullOrEmpty(Password) && !string.IsNullOrEmpty(PasswordFile))
            {
                errors.Add($"{prefix}Password and {prefix}PasswordFile are mutually exclusive");
            }

            if ((!string.IsNullOrEmpty(Password) || !string.IsNullOrEmpty(PasswordFile)) && string.IsNullOrEmpty(Username))
            {
                errors.Add($"{prefix}Username is required when a password is set");
            }

            if (!string.IsNullOrEmpty(PasswordFile) && !File.Exists(PasswordFile))
            {
                errors.Add($"{prefix}PasswordFile '{PasswordFile}' does not exist");
            }
        }
        else
        {
            if (string.IsNullOrWhiteSpace(Org))
            {
                errors.Add($"{prefix}Org is required when Api is v2");
            }

            if (string.IsNullOrWhiteSpace(Bucket))
            {
                errors.Add($"{prefix}Bucket is required when Api is v2");
            }

            if (!string.IsNullOrEmpty(Token) && !string.IsNullOrEmpty(TokenFile))
            {
                errors.Add($"{prefix}Token and {prefix}TokenFile are mutually exclusive");
            }

            if (!string.IsNullOrEmpty(TokenFile) && !File.Exists(TokenFile))
            {
                errors.Add($"{prefix}TokenFile '{TokenFile}' does not exist");
            }
        }

        if (BatchSize < 1)
        {
            errors.Add($"{prefix}BatchSize must be at least 1 (got {BatchSize.ToString(CultureInfo.InvariantCulture)})");
        }

        if (QueueCapacity < 1)
        {
            errors.Add($"{prefix}QueueCapacity must be at least 1 (got {QueueCapacity.ToString(CultureInfo.InvariantCulture)})");
        }

        RequirePositive(errors, prefix + nameof(FlushInterval), FlushInterval);
        RequirePositive(errors, prefix + nameof(Timeout), Timeout);
        RequirePositive(errors, prefix + nameof(MaxRetryDelay), MaxRetryDelay);
        RequirePositive(errors, prefix + nameof(ShutdownTimeout), ShutdownTimeout);
        return errors;
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> listing every problem <see cref="Validate"/> finds (start-up check).</summary>
    public void ThrowIfInvalid()
    {
        IReadOnlyList<string> errors = Validate();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid InfluxDB settings: " + string.Join("; ", errors));
        }
    }

    /// <summary>The settings without secrets: passwords and tokens show as <c>***</c>, credentials in the URL are removed.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Url={SecretRedactor.RedactUrl(Url)}, Api={Api}");
        if (Api == InfluxApi.V1)
        {
            text.Append(CultureInfo.InvariantCulture, $", Database={Database}, RetentionPolicy={RetentionPolicy}, Username={Username}");
            text.Append(", Password=").Append(Mask(Password)).Append(", PasswordFile=").Append(PasswordFile);
            text.Append(CultureInfo.InvariantCulture, $", CreateDatabase={CreateDatabase}");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $", Org={Org}, Bucket={Bucket}, Token={Mask(Token)}, TokenFile={TokenFile}");
        }

        text.Append(CultureInfo.InvariantCulture, $", BatchSize={BatchSize}, FlushInterval={FlushInterval}, Gzip={Gzip}, Timeout={Timeout}");
        text.Append(CultureInfo.InvariantCulture, $", MaxRetryDelay={MaxRetryDelay}, QueueCapacity={QueueCapacity}, ShutdownTimeout={ShutdownTimeout}");
        return text.ToString();
    }

    /// <summary>The password from <see cref="Password"/> or <see cref="PasswordFile"/>, or null.</summary>
    internal string? ResolvePassword() => ReadSecret(Password, PasswordFile);

    /// <summary>The token from <see cref="Token"/> or <see cref="TokenFile"/>, or null.</summary>
    internal string? ResolveToken() => ReadSecret(Token, TokenFile);

    private static string? ReadSecret(string? value, string? file)
    {
        if (!string.IsNullOrEmpty(value))
        {
            return value;
        }

        return string.IsNullOrEmpty(file) ? null : File.ReadAllText(file).Trim();
    }

    private static string Mask(string? secret) => string.IsNullOrEmpty(secret) ? string.Empty : "***";

    private static void RequirePositive(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{name} must be a positive duration (got {value.ToString("c", CultureInfo.InvariantCulture)})");
        }
    }
}
