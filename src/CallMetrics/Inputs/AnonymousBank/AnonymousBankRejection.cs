namespace CallMetrics.Inputs.AnonymousBank;

/// <summary>A CSV row that was not translated, with its 1-based file line number (the header is line 1) and why.</summary>
/// <param name="LineNumber">Line in the file, counting the header as line 1.</param>
/// <param name="Reason">One line, naming the column and the rule.</param>
public readonly record struct AnonymousBankRejection(int LineNumber, string Reason);
