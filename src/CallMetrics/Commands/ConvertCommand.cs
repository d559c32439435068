using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CallMetrics.Inputs;

namespace CallMetrics.Commands;

/// <summary>
/// <c>callmetrics convert</c> (options in <see cref="ConvertDefinition"/>): translates a telephony log into canonical
/// events (JSON Lines).
/// </summary>
internal static class ConvertCommand
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Runs the command; 0 when the input was read (even with dead-lettered records), 1 for unreadable input or unwritable output.</summary>
    public static async Task<int> RunAsync(ConvertArguments parsed, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var translator = parsed.Translator;
        Stream input;
        try
        {
            input = parsed.Input == "-" ? Console.OpenStandardInput() : File.OpenRead(parsed.Input);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            await stderr.WriteLineAsync($"convert: cannot read input '{parsed.Input}': {e.Message}").ConfigureAwait(false);
            return 1;
        }

        TextWriter? outputFile = null;
        TextWriter? deadLetterFile = null;
        try
        {
            outputFile = parsed.Output is null or "-" ? null : new StreamWriter(parsed.Output, append: false, s_utf8);
            deadLetterFile = parsed.DeadLetter is null ? null : new StreamWriter(parsed.DeadLetter, append: false, s_utf8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            await input.DisposeAsync().ConfigureAwait(false);
            outputFile?.Dispose();
            await stderr.WriteLineAsync($"convert: cannot write output: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        var output = outputFile ?? stdout;
        try
        {
            using var reader = new StreamReader(input, s_utf8);
            var events = new List<byte[]>();
            long lineNumber = 0;
            while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                if (!translator.TryTranslate(Encoding.UTF8.GetBytes(line), lineNumber, events, out var reason))
                {
                    await DeadLetterAsync(deadLetterFile, stderr, lineNumber, reason ?? "untranslatable", line).ConfigureAwait(false);
                }

                await WriteAsync(output, events).ConfigureAwait(false);
            }

            translator.Complete(events);
            await WriteAsync(output, events).ConfigureAwait(false);
            await output.FlushAsync(ct).ConfigureAwait(false);
            return 0;
        }
        catch (IOException e)
        {
            await stderr.WriteLineAsync($"convert: cannot read input '{parsed.Input}': {e.Message}").ConfigureAwait(false);
            return 1;
        }
        finally
        {
            if (outputFile is not null)
            {
                await outputFile.DisposeAsync().ConfigureAwait(false);
            }

            if (deadLetterFile is not null)
            {
                await deadLetterFile.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task WriteAsync(TextWriter output, List<byte[]> events)
    {
        foreach (var json in events)
        {
            await output.WriteAsync(Encoding.UTF8.GetString(json)).ConfigureAwait(false);
            await output.WriteAsync('\n').ConfigureAwait(false);
        }

        events.Clear();
    }

    private static async Task DeadLetterAsync(TextWriter? deadLetter, TextWriter stderr, long line, string reason, string raw)
    {
        if (deadLetter is null)
        {
            await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"convert: line {line}: {reason}")).ConfigureAwait(false);
            return;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("line", line);
            json.WriteString("reason", reason);
            json.WriteString("raw", raw);
            json.WriteEndObject();
        }

        await deadLetter.WriteAsync(Encoding.UTF8.GetString(buffer.WrittenSpan)).ConfigureAwait(false);
        await deadLetter.WriteAsync('\n').ConfigureAwait(false);
    }
}
