using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DealerFlow.Web.Security;

/// <summary>
/// Issue 11, finding 7: security headers on every response (pages, API, errors, the event stream).
/// The policy allows the dashboard's own files only; its one inline script (the theme switch in
/// Dashboard/index.html) is allowed by its SHA-256 hash, so changing that script means changing <see cref="InlineThemeScriptHash"/>.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>SHA-256 (base64) of the inline theme script in Dashboard/index.html.</summary>
    public const string InlineThemeScriptHash = "sha256-3dj1WbcAfMLywP2hD/GQDfnYnUl4fC//CIdG8OIB2xM=";

    /// <summary>The Content-Security-Policy sent with every response.</summary>
    public const string Policy =
        "default-src 'self'; script-src 'self' '" + InlineThemeScriptHash + "'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Adds the headers before anything else writes the response.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(Add);

    private static Task Add(HttpContext context, RequestDelegate next)
    {
        var h = context.Response.Headers;
        h.XContentTypeOptions = "nosniff";
        h.XFrameOptions = "DENY";
        h.ContentSecurityPolicy = Policy;
        h["Referrer-Policy"] = "no-referrer";
        return next(context);
    }
}
