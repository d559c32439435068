using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.FileProviders;

namespace CallMetrics.Http;

/// <summary>
/// The HTTP edge is read-only: any method but GET and HEAD gets 405. With a bearer token configured,
/// every path except the health probes needs <c>Authorization: Bearer TOKEN</c>, or, for the browser's
/// EventSource and kiosk screens that cannot send headers, <c>?access_token=TOKEN</c>. Tokens are compared
/// in constant time and never logged.
/// <para>The wallboard's own files (the page, its scripts and styles: files that exist in the web root) are open too:
/// they hold no data, and a browser loads a page's modules and styles without the page's query string, so a kiosk
/// opened as <c>/?access_token=TOKEN</c> could not load them otherwise. Every figure comes from the API, which needs
/// the token.</para>
/// </summary>
internal static class ReadOnlyEdge
{
    private static readonly string[] OpenPaths = ["/healthz", "/readyz"];

    public static IApplicationBuilder UseReadOnlyEdge(this IApplicationBuilder app, string? token)
    {
        var expected = token is null ? null : Encoding.UTF8.GetBytes(token);
        var webRoot = app.ApplicationServices.GetService<IWebHostEnvironment>()?.WebRootFileProvider;
        return app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                context.Response.Headers.Allow = "GET, HEAD";
                return;
            }

            if (expected is not null && !OpenPaths.Contains(request.Path.Value, StringComparer.Ordinal) && !IsPageFile(webRoot, request.Path)
                && !Authorized(request, expected))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return;
            }

            await next(context).ConfigureAwait(false);
        });
    }

    /// <summary>The page itself (<c>/</c>, served as <c>index.html</c>) or a file of the web root (a script, a style, an image).</summary>
    private static bool IsPageFile(IFileProvider? webRoot, PathString path)
    {
        if (webRoot is null || !path.HasValue)
        {
            return false;
        }

        var value = path.Value!;
        if (value == "/")
        {
            return webRoot.GetFileInfo("index.html").Exists;
        }

        // Only a plain file name with an extension: never a directory listing, never a path that climbs.
        return value.LastIndexOf('.') > value.LastIndexOf('/') && !value.Contains("..", StringComparison.Ordinal)
            && webRoot.GetFileInfo(value) is { Exists: true, IsDirectory: false };
    }

    private static bool Authorized(HttpRequest request, byte[] expected)
    {
        string? presented = null;
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = header["Bearer ".Length..].Trim();
        }
        else if (request.Query.TryGetValue("access_token", out var query))
        {
            presented = query.ToString();
        }

        return presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), expected);
    }
}
