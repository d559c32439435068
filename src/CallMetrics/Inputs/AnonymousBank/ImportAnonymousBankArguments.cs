namespace CallMetrics.Inputs.AnonymousBank;

/// <summary>What <c>callmetrics import-anonymous-bank</c> runs with, parsed and validated (<c>Commands/ImportAnonymousBankDefinition.cs</c>).</summary>
public sealed class ImportAnonymousBankArguments
{
    /// <summary>The call log (CSV).</summary>
    public required string Input { get; init; }

    /// <summary>Where canonical events go: a file, or <c>-</c> for standard output (default).</summary>
    public string Output { get; init; } = "-";

    /// <summary>How the translation fills what the data does not record (validated).</summary>
    public required AnonymousBankOptions Options { get; init; }
}
