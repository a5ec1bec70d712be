using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace DealerFlow.Web.Security;

/// <summary>
/// Issue 11, finding 7: the request checks that run before any endpoint. Host filtering (a page on another name
/// that resolves to this machine, DNS rebinding, is refused), the access token of a public server (bearer header,
/// or the cookie a page load with <c>?token=</c> sets), and JSON-only request bodies (a cross-site form or a
/// text/plain fetch, which need no CORS preflight, cannot start work). Every refusal is a problem details response.
/// </summary>
internal static class AccessControl
{
    /// <summary>The cookie that carries the token after a page load with <c>?token=</c>.</summary>
    public const string CookieName = "dealerflow-token";

    /// <summary>The one media type request bodies may have.</summary>
    public const string JsonType = "application/json";

    public static IApplicationBuilder UseAccessControl(this IApplicationBuilder app)
    {
        return app.Use(async (context, next) =>
        {
            // Read per request from the validated options (IOptions caches them), so a bad setting fails the start, not this call.
            var options = context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value;
            var hosts = options.EffectiveHosts;
            var anyHost = hosts.Contains("*");
            var token = options.Token is { Length: > 0 } t ? Encoding.UTF8.GetBytes(t) : null;
            if (!anyHost && !HostAllowed(context.Request.Host, hosts))
            {
                await Problem(context, StatusCodes.Status400BadRequest, "Host not allowed",
                    $"This server answers only for {string.Join(", ", hosts)}; the request named '{context.Request.Host}'. A page served from another name that resolves to this machine (DNS rebinding) is refused. Allow more names with serve --allowed-hosts or {SecurityOptions.Section}:AllowedHosts.");
                return;
            }
            if (token is not null && !Authorized(context, token))
            {
                if (HttpMethods.IsGet(context.Request.Method) && context.Request.Query.TryGetValue("token", out var given) && Same(given, token))
                {
                    // A page load with the token: remember it in a cookie and drop it from the address bar.
                    context.Response.Cookies.Append(CookieName, options.Token!, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps, Path = "/" });
                    var rest = QueryString.Create(context.Request.Query.Where(kv => kv.Key != "token"));
                    context.Response.Redirect(context.Request.PathBase + context.Request.Path + rest);
                    return;
                }
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"DealerFlow\"";
                await Problem(context, StatusCodes.Status401Unauthorized, "Access token required",
                    "This server is public: send 'Authorization: Bearer <token>' or open the address serve printed (it ends in ?token=...) once in the browser.");
                return;
            }
            if (HasBodyMethod(context.Request.Method) && !IsJson(context.Request.ContentType))
            {
                await Problem(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                    $"{context.Request.Method} {context.Request.Path} takes a body of type {JsonType}; the request's Content-Type was '{context.Request.ContentType ?? "(none)"}'.");
                return;
            }
            await next(context);
        });
    }

    private static bool HostAllowed(HostString host, IReadOnlyList<string> allowed)
    {
        if (!host.HasValue) return true; // HTTP/1.0 without a Host header names no other site
        var name = host.Host;
        return allowed.Any(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase) || (a == "[::1]" && name == "::1"));
    }

    private static bool Authorized(HttpContext context, byte[] token)
    {
        var auth = context.Request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && Same(auth["Bearer ".Length..].Trim(), token)) return true;
        return context.Request.Cookies.TryGetValue(CookieName, out var cookie) && Same(cookie, token);
    }

    private static bool Same(StringValues given, byte[] token) =>
        given.Count == 1 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given[0] ?? ""), token);

    private static bool HasBodyMethod(string method) => HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method);

    private static bool IsJson(string? contentType) =>
        contentType is not null && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var m)
        && string.Equals(m.MediaType.Value, JsonType, StringComparison.OrdinalIgnoreCase);

    private static Task Problem(HttpContext context, int status, string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status).ExecuteAsync(context);

    /// <summary>A new random access token: 32 bytes, base64url (43 characters).</summary>
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
