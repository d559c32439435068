using CallMetrics.Core.Options;

namespace CallMetrics.Configuration;

/// <summary>Reads an outcome map file (<c>--outcome-map</c>, <c>CallMetrics:Metrics:OutcomeMap</c>): see <see cref="OutcomeMapJson"/>.</summary>
internal static class OutcomeMapFile
{
    /// <summary>The map in <paramref name="path"/>; false with a one-line reason when it cannot be read or is not a map.</summary>
    public static bool TryRead(string path, out IReadOnlyDictionary<string, OutcomeClass> map, out string error)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            map = new Dictionary<string, OutcomeClass>();
            error = $"cannot read {path}: {e.Message}";
            return false;
        }

        // A UTF-8 byte order mark, as some editors write, is not part of the JSON.
        var json = bytes.AsSpan();
        if (json.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            json = json[3..];
        }

        if (!OutcomeMapJson.TryParse(json, out map, out var reason))
        {
            error = $"{path}: {reason}";
            return false;
        }

        error = string.Empty;
        return true;
    }
}
