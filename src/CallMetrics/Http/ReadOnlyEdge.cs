using System.Security.Cryptography;
using System.Text;

namespace CallMetrics.Http;

/// <summary>
/// The HTTP edge is read-only: any method but GET and HEAD gets 405. With a bearer token configured,
/// every path except the health probes needs <c>Authorization: Bearer TOKEN</c>, or, for the browser's
/// EventSource and kiosk screens that cannot send headers, <c>?access_token=TOKEN</c>. Tokens are compared
/// in constant time and never logged.
/// </summary>
internal static class ReadOnlyEdge
{
    private static readonly string[] OpenPaths = ["/healthz", "/readyz"];

    public static IApplicationBuilder UseReadOnlyEdge(this IApplicationBuilder app, string? token)
    {
        var expected = token is null ? null : Encoding.UTF8.GetBytes(token);
        return app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                context.Response.Headers.Allow = "GET, HEAD";
                return;
            }

            if (expected is not null && !OpenPaths.Contains(request.Path.Value, StringComparer.Ordinal) && !Authorized(request, expected))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return;
            }

            await next(context).ConfigureAwait(false);
        });
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
