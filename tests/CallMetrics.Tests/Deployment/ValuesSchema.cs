using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace CallMetrics.Tests.Deployment;

/// <summary>
/// The chart's <c>values.schema.json</c> (draft-07, as Helm reads it), evaluated by JsonSchema.Net 8.0.5: the whole
/// draft, so the schema may use any keyword Helm honours.
/// </summary>
public static class ValuesSchema
{
    private static readonly JsonSchema s_schema = JsonSchema.FromFile(RepositoryFiles.ChartSchema);

    /// <summary>Every failed keyword as <c>LOCATION KEYWORD: MESSAGE</c> (<c>/kafka/partitions minimum: ...</c>); empty when valid.</summary>
    public static IReadOnlyList<string> Violations(JsonNode values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var results = s_schema.Evaluate(JsonSerializer.SerializeToElement(values), new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid
            ? []
            : [.. (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}"))];
    }

    /// <summary>The schema file checked against the draft-07 meta-schema: the same problems, empty when it is a valid schema.</summary>
    public static IReadOnlyList<string> MetaSchemaViolations()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.ChartSchema));
        var results = MetaSchemas.Draft7.Evaluate(schema.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid
            ? []
            : [.. (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}"))];
    }
}
