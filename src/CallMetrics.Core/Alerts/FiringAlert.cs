namespace CallMetrics.Core.Alerts;

/// <summary>An alert firing now: what a host lists (<c>/api/v1/alerts</c>) and shows.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="Tags">The key's tags (without <c>kind</c> and <c>window</c>), sorted by name.</param>
/// <param name="Since">The instant it fired, Unix nanoseconds.</param>
/// <param name="Value">The field's value at the last step instant, as written.</param>
public sealed record FiringAlert(AlertRule Rule, IReadOnlyList<KeyValuePair<string, string>> Tags, long Since, string? Value);
