using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace CallMetrics.Commands;

/// <summary>
/// System.CommandLine's help, followed for some commands by a note computed when help is shown (for
/// <c>dev-broker</c>, the librdkafka it runs on: loading it for every other command would be wasted work).
/// </summary>
internal sealed class HelpWithNotes(HelpAction help, IReadOnlyDictionary<Command, Func<string>> notes) : SynchronousCommandLineAction
{
    /// <inheritdoc />
    public override bool ClearsParseErrors => true;

    /// <inheritdoc />
    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var status = help.Invoke(parseResult);
        if (notes.TryGetValue(parseResult.CommandResult.Command, out var note))
        {
            parseResult.InvocationConfiguration.Output.WriteLine(note());
        }

        return status;
    }
}
