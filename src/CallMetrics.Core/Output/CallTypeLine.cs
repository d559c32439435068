using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Output;

/// <summary>One <c>call_type_metrics</c> line.</summary>
/// <param name="Tenant">Tenant symbol.</param>
/// <param name="CallType">Call type symbol; 0 for <c>unspecified</c>.</param>
/// <param name="Tally">The fields.</param>
public readonly record struct CallTypeLine(int Tenant, int CallType, CallTypeTally Tally);
