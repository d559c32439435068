using CallMetrics.Http;

namespace CallMetrics.Configuration;

/// <summary>Checks where the service's metrics are pushed (<see cref="TelemetryOptions"/>) at start.</summary>
internal sealed class TelemetryOptionsValidator : OptionsValidator<TelemetryOptions>
{
    /// <inheritdoc />
    protected override IReadOnlyList<string> Problems(TelemetryOptions options)
    {
        var errors = new List<string>();
        if (options.OtlpEndpoint is { } endpoint && (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"{TelemetryOptions.SectionName}:OtlpEndpoint must be an absolute http or https address, got '{endpoint}'");
        }

        if (options.OtlpProtocol is not ("grpc" or "http/protobuf"))
        {
            errors.Add($"{TelemetryOptions.SectionName}:OtlpProtocol must be grpc or http/protobuf, got '{options.OtlpProtocol}'");
        }

        return errors;
    }
}
