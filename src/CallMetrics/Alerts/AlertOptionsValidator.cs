using Microsoft.Extensions.Options;

namespace CallMetrics.Alerts;

/// <summary>
/// Runs <see cref="AlertOptions.Validate"/> for the options system, so a bad setting stops start-up; and refuses rules
/// with the rolling windows turned off (<c>CallMetrics:Metrics:Rolling</c> empty), as replay refuses
/// <c>--alert-rules</c> without <c>--rolling</c>: the rules would never see a line.
/// </summary>
internal sealed class AlertOptionsValidator(IServiceProvider services) : IValidateOptions<AlertOptions>
{
    private const string RollingKey = "CallMetrics:Metrics:Rolling";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>(options.Validate());

        // METRICS: rules are evaluated at the rolling step instants; an empty Rolling turns the windows off.
        if (!string.IsNullOrWhiteSpace(options.Rules)
            && services.GetService(typeof(IConfiguration)) is IConfiguration configuration
            && configuration.GetSection(RollingKey) is { Value: { } rolling }
            && string.IsNullOrWhiteSpace(rolling))
        {
            errors.Add($"{AlertDefaults.SectionName}:Rules needs {RollingKey}: rules are evaluated at the rolling step instants");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
