using Microsoft.Extensions.Options;

namespace CallMetrics.Configuration;

/// <summary>
/// The start-up check of one options class: its problems, one message each naming the key
/// (<c>CallMetrics:Pipeline:Shards must be from 1 to 256, got 0</c>), become the options system's failures, so the
/// service stops before it starts anything (<see cref="StartupValidation"/>).
/// </summary>
/// <typeparam name="TOptions">The options class.</typeparam>
internal abstract class OptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = Problems(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>The problems of <paramref name="options"/>, each naming its key; empty when they are usable.</summary>
    protected abstract IReadOnlyList<string> Problems(TOptions options);
}
