using Microsoft.Extensions.Options;

namespace CallMetrics.Influx;

/// <summary>Runs <see cref="InfluxOptions.Validate"/> for the options system, so a bad setting stops start-up.</summary>
internal sealed class InfluxOptionsValidator : IValidateOptions<InfluxOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, InfluxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
