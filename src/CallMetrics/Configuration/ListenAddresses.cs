using System.Net;
using System.Net.Sockets;

namespace CallMetrics.Configuration;

/// <summary>
/// Checks the addresses the service will listen on (<c>urls</c>) before anything starts: each must be an http or https
/// address whose port is free. Kestrel would find a busy port too, but only once the host starts.
/// </summary>
internal static class ListenAddresses
{
    /// <summary>One message per address that is malformed or whose port is taken; port 0 (any free port) passes.</summary>
    public static IReadOnlyList<string> Problems(string urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var errors = new List<string>();
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel's wildcards: http://*:80, http://+:80.
            var parsable = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(parsable, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"urls: '{url}' is not an http or https address");
                continue;
            }

            if (uri.Port == 0)
            {
                continue;
            }

            var address = uri.IsLoopback && !IPAddress.TryParse(uri.Host, out _) ? IPAddress.Loopback
                : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var parsed) ? parsed
                : IPAddress.Any;
            if (Bind(address, uri.Port) is { } problem)
            {
                errors.Add($"urls: {url}: {problem}");
            }
        }

        return errors;
    }

    private static string? Bind(IPAddress address, int port)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // As Kestrel does: a port left in TIME_WAIT by a previous run is free, one another process listens on is not.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(1);
            return null;
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return $"port {port} is already in use";
        }
        catch (SocketException exception)
        {
            return $"cannot listen on {address}:{port} ({exception.Message})";
        }
    }
}
