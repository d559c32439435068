using Microsoft.Extensions.Options;

namespace CallMetrics.Configuration;

/// <summary>
/// Runs every options validator registered with <c>ValidateOnStart</c> now, rather than when the host starts: the
/// service checks its whole configuration before it resolves, hence connects, anything (Kafka, InfluxDB).
/// </summary>
internal static class StartupValidation
{
    /// <summary>Every problem the validators report, each naming its key; empty when the options are usable.</summary>
    public static IReadOnlyList<string> Problems(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return [];
        }
        catch (OptionsValidationException exception)
        {
            return [.. exception.Failures];
        }
        catch (AggregateException exception)
        {
            return [.. exception.InnerExceptions.SelectMany(e => e is OptionsValidationException invalid ? invalid.Failures : [e.Message])];
        }
        catch (InvalidOperationException exception)
        {
            // A value the binder could not read that ConfigurationShape let through: its message names the key.
            return [exception.Message];
        }
    }
}
