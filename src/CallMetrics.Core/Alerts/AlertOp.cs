namespace CallMetrics.Core.Alerts;

/// <summary>How a rule compares a field with its value (METRICS.md "Alert rules").</summary>
public enum AlertOp : byte
{
    /// <summary><c>&gt;</c></summary>
    Greater,

    /// <summary><c>&gt;=</c></summary>
    GreaterOrEqual,

    /// <summary><c>&lt;</c></summary>
    Less,

    /// <summary><c>&lt;=</c></summary>
    LessOrEqual,
}
