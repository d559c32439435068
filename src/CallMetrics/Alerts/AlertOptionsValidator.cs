using Microsoft.Extensions.Options;

namespace CallMetrics.Alerts;

/// <summary>Runs <see cref="AlertOptions.Validate"/> for the options system, so a bad setting stops start-up.</summary>
internal sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
