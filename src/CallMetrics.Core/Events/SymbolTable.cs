using System.Runtime.InteropServices;
using System.Text;

namespace CallMetrics.Core.Events;

/// <summary>
/// Interns UTF-8 names (tenants, agents, calls, queues, teams, reasons) as dense positive integers,
/// looking them up by their bytes so that a name seen before costs no allocation. Symbol 0 is
/// reserved for "absent". Not thread-safe: one table per decoding thread, or shared behind the
/// single owner of a pipeline stage.
/// </summary>
public sealed class SymbolTable
{
    private readonly Dictionary<string, int> _byString = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _byChars;
    private readonly List<string> _names = [string.Empty];
    private char[] _scratch = new char[256];

    /// <summary>Creates an empty table.</summary>
    public SymbolTable() => _byChars = _byString.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Number of symbols, including the reserved 0.</summary>
    public int Count => _names.Count;

    /// <summary>The symbol of a name given as UTF-8 bytes, adding it when new.</summary>
    public int Intern(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return 0;
        }

        var max = Encoding.UTF8.GetMaxCharCount(utf8.Length);
        if (_scratch.Length < max)
        {
            _scratch = new char[Math.Max(max, _scratch.Length * 2)];
        }

        var length = Encoding.UTF8.GetChars(utf8, _scratch);
        return Intern(_scratch.AsSpan(0, length));
    }

    /// <summary>The symbol of a name, adding it when new.</summary>
    public int Intern(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return 0;
        }

        if (_byChars.TryGetValue(name, out var symbol))
        {
            return symbol;
        }

        var text = name.ToString();
        symbol = _names.Count;
        _names.Add(text);
        _byString.Add(text, symbol);
        return symbol;
    }

    /// <summary>The symbol of a name, adding it when new.</summary>
    public int Intern(string name) => Intern(name.AsSpan());

    /// <summary>The symbol of a name that is already known; false when it is not.</summary>
    public bool TryGet(string name, out int symbol) => _byString.TryGetValue(name, out symbol);

    /// <summary>The name of a symbol; the empty string for 0.</summary>
    public string this[int symbol] => _names[symbol];

    /// <summary>All names, indexed by symbol.</summary>
    public ReadOnlySpan<string> Names => CollectionsMarshal.AsSpan(_names);
}
