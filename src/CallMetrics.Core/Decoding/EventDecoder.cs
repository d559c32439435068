using System.Text.Unicode;
using CallMetrics.Core.Events;

namespace CallMetrics.Core.Decoding;

/// <summary>
/// Decodes one canonical event (EVENTS.md) from UTF-8 JSON: no reflection, no allocation for a valid message whose
/// names are known (names are interned in a <see cref="SymbolTable"/>). Every rejection of EVENTS.md "Bad input" is
/// a typed <see cref="DecodeResult"/>, never an exception.
/// </summary>
/// <remarks>
/// A message in the canonical shape is read in one pass by <see cref="CanonicalScanner"/>; any other (escapes,
/// malformed JSON, wrong types, ...) by <see cref="StrictReader"/>, which gives every rejection of the syntax and
/// of single values, in document order. <see cref="EventBuilder"/> then checks the fields together and interns
/// the names. One decoder per thread; any number of decoders may share one <see cref="SymbolTable"/>.
/// </remarks>
public sealed class EventDecoder
{
    /// <summary>Longest id or name accepted, in UTF-8 bytes.</summary>
    public const int MaxNameBytes = 1024;

    /// <summary>Largest message accepted, in bytes (EVENTS.md "Bad input": larger ones are rejected as too large).</summary>
    public const int MaxMessageBytes = 1 << 20;

    /// <summary>The tenant of events that name none.</summary>
    public const string DefaultTenant = "default";

    private const byte QualifierSeparator = 0x01;

    private readonly SymbolTable _symbols;
    private readonly StrictReader _strict = new();
    private readonly EventBuilder _builder;

    /// <summary>Creates a decoder that interns names into <paramref name="symbols"/>.</summary>
    public EventDecoder(SymbolTable symbols)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        _symbols = symbols;
        _builder = new EventBuilder(symbols);
    }

    /// <summary>The table names are interned into.</summary>
    public SymbolTable Symbols => _symbols;

    /// <summary>
    /// Whether the <c>caller</c> of <c>call.arrived</c> is interned into <see cref="CanonicalEvent.Caller"/>; by default
    /// it is checked but not interned (<see cref="CanonicalEvent.Caller"/> is 0). Callers are as many as customers and
    /// nothing releases them yet, so the table would grow with every new caller, and memory with events processed:
    /// turn it on with the consumer that needs callers (first-contact resolution), which must retire the callers it
    /// no longer needs (after its window) through the table's release protocol.
    /// </summary>
    public bool KeepCallers
    {
        get => _builder.KeepCallers;
        init => _builder.KeepCallers = value;
    }

    /// <summary><see cref="DefaultTenant"/> in UTF-8.</summary>
    internal static ReadOnlySpan<byte> DefaultTenantBytes => "default"u8;

    /// <summary>Decodes <paramref name="json"/> into <paramref name="decoded"/>.</summary>
    public DecodeResult Decode(ReadOnlySpan<byte> json, out CanonicalEvent decoded)
    {
        decoded = default;
        if (json.Length > MaxMessageBytes)
        {
            return Rejections.TooLarge;
        }

        // The JSON reader checks UTF-8 only in the strings it decodes; a skipped field or a property name could
        // still carry invalid bytes into a dead letter's consumers or a log. EVENTS.md: UTF-8.
        if (!Utf8.IsValid(json))
        {
            return Rejections.NotUtf8;
        }

        if (json.Trim(" \t\r\n"u8).IsEmpty)
        {
            return Rejections.Empty;
        }

        var fields = default(EventFields);
        if (!CanonicalScanner.TryScan(json, ref fields))
        {
            fields = default;
            var read = _strict.Read(json, ref fields);
            if (!read.IsOk)
            {
                return read;
            }
        }

        return _builder.Build(ref fields, out decoded);
    }

    /// <summary>The call id (or caller) of a call (or caller) symbol's name, without its tenant qualifier.</summary>
    public static string CallName(string qualified)
    {
        ArgumentNullException.ThrowIfNull(qualified);
        var separator = qualified.IndexOf((char)QualifierSeparator, StringComparison.Ordinal);
        return separator < 0 ? qualified : qualified[(separator + 1)..];
    }
}
