using System.Reflection;
using CallMetrics.Configuration;
using CallMetrics.Influx;
using CallMetrics.Kafka;
using CallMetrics.Pipeline;
using Microsoft.Extensions.Configuration;

namespace CallMetrics.Tests.Deployment;

/// <summary>
/// Checks <c>CallMetrics__Section__Property</c> environment variables against the options classes the service binds
/// (<see cref="KafkaOptions"/>, <see cref="InfluxOptions"/>, <see cref="PipelineOptions"/>, <see cref="MetricsSettings"/>),
/// by reflection and by binding and validating them as the service does.
/// </summary>
public static class OptionsKeys
{
    private static readonly Dictionary<string, Type> s_sections = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Kafka"] = typeof(KafkaOptions),
        ["Influx"] = typeof(InfluxOptions),
        ["Pipeline"] = typeof(PipelineOptions),
        ["Metrics"] = typeof(MetricsSettings),
    };

    /// <summary>One message per <c>CallMetrics__*</c> name that names no settable property (configuration keys ignore case).</summary>
    public static IReadOnlyList<string> UnknownKeys(IEnumerable<string> names)
    {
        var errors = new List<string>();
        foreach (string name in names.Where(n => n.StartsWith("CallMetrics__", StringComparison.OrdinalIgnoreCase)))
        {
            string[] parts = name.Split("__");
            if (parts.Length < 3 || !s_sections.TryGetValue(parts[1], out Type? type))
            {
                errors.Add($"{name}: no options section '{(parts.Length > 1 ? parts[1] : string.Empty)}'");
                continue;
            }

            PropertyInfo? property = type.GetProperty(parts[2], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || property.SetMethod is not { IsPublic: true })
            {
                errors.Add($"{name}: {type.Name} has no settable property '{parts[2]}'");
            }
            else if (IsStringDictionary(property.PropertyType) && parts.Length != 4)
            {
                errors.Add($"{name}: {type.Name}.{property.Name} is a map: name exactly one entry after it ({parts[0]}__{parts[1]}__{parts[2]}__name)");
            }
            else if (!IsStringDictionary(property.PropertyType) && parts.Length != 3)
            {
                errors.Add($"{name}: {type.Name}.{property.Name} takes no key segments after it");
            }
        }

        return errors;
    }

    /// <summary>
    /// Binds <paramref name="environment"/> the way the service does (environment variable names, <c>__</c> = <c>:</c>)
    /// and returns every validation error of the four options, or a binding error (a value of the wrong type).
    /// </summary>
    public static IReadOnlyList<string> BindAndValidate(IReadOnlyDictionary<string, string> environment)
    {
        // Durations in the command line's syntax, as RunCommand.Build registers it for the service.
        DurationConverter.Register();
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(e => new KeyValuePair<string, string?>(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value)))
            .Build();
        var errors = new List<string>();
        try
        {
            errors.AddRange(KafkaOptions.FromConfiguration(configuration).Validate());
            errors.AddRange(Bind<InfluxOptions>(configuration, InfluxDefaults.SectionName).Validate());
            errors.AddRange(Bind<PipelineOptions>(configuration, PipelineDefaults.SectionName).Validate());
            errors.AddRange(Bind<MetricsSettings>(configuration, PipelineDefaults.MetricsSectionName).Validate());
        }
        catch (InvalidOperationException e)
        {
            errors.Add(e.Message);
        }

        return errors;
    }

    private static T Bind<T>(IConfiguration configuration, string section)
        where T : new() =>
        configuration.GetSection(section).Get<T>(o => o.ErrorOnUnknownConfiguration = true) ?? new T();

    private static bool IsStringDictionary(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>) && type.GetGenericArguments()[0] == typeof(string);
}
