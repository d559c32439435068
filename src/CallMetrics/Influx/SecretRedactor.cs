using System.Text.RegularExpressions;

namespace CallMetrics.Influx;

/// <summary>Keeps secrets out of anything that may be logged: URLs and server or exception messages.</summary>
internal static partial class SecretRedactor
{
    private const string Mask = "***";

    /// <summary>Removes user info and masks the <c>u</c>, <c>p</c>, <c>password</c> and <c>token</c> query values of a URL.</summary>
    public static string RedactUrl(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return string.Empty;
        }

        string result = UserInfo().Replace(url, "$1");
        return SecretQuery().Replace(result, "$1" + Mask);
    }

    /// <summary>Replaces every occurrence of each secret in <paramref name="text"/>, then redacts URL-shaped secrets.</summary>
    public static string Scrub(string? text, IReadOnlyList<string> secrets)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        foreach (string secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return RedactUrl(text);
    }

    [GeneratedRegex(@"(\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s]*@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();

    [GeneratedRegex(@"([?&](?:u|p|password|token)=)[^&#\s]*", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SecretQuery();
}
