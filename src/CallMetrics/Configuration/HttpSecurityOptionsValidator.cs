using CallMetrics.Http;

namespace CallMetrics.Configuration;

/// <summary>Checks the protection of the HTTP edge (<see cref="HttpSecurityOptions"/>) at start.</summary>
internal sealed class HttpSecurityOptionsValidator : OptionsValidator<HttpSecurityOptions>
{
    /// <inheritdoc />
    protected override IReadOnlyList<string> Problems(HttpSecurityOptions options)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.BearerTokenFile))
        {
            if (!File.Exists(options.BearerTokenFile))
            {
                errors.Add($"{HttpSecurityOptions.SectionName}:BearerTokenFile '{options.BearerTokenFile}' does not exist");
            }
            else if (File.ReadAllText(options.BearerTokenFile).Trim().Length == 0)
            {
                errors.Add($"{HttpSecurityOptions.SectionName}:BearerTokenFile '{options.BearerTokenFile}' is empty");
            }
        }

        return errors;
    }
}
