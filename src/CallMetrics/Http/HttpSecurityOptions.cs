namespace CallMetrics.Http;

/// <summary>
/// Protection of the HTTP edge (section <c>CallMetrics:Http</c>). Every endpoint is read-only; with a
/// token set, everything but the health probes needs it.
/// </summary>
public sealed class HttpSecurityOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "CallMetrics:Http";

    /// <summary>The bearer token the API and wallboard require; none when empty. Prefer <see cref="BearerTokenFile"/>.</summary>
    public string? BearerToken { get; set; }

    /// <summary>A file holding the bearer token (a mounted secret).</summary>
    public string? BearerTokenFile { get; set; }

    /// <summary>The token in force, from the file when one is given.</summary>
    public string? ResolveToken()
    {
        if (!string.IsNullOrWhiteSpace(BearerTokenFile))
        {
            return File.ReadAllText(BearerTokenFile).Trim();
        }

        return string.IsNullOrWhiteSpace(BearerToken) ? null : BearerToken.Trim();
    }

    /// <inheritdoc/>
    public override string ToString() => $"BearerToken={(ResolveToken() is null ? "none" : "***")}";
}
