namespace DealerFlow.Web.Security;

/// <summary>
/// Issue 11, finding 7: security headers on every response (pages, API, errors, the event stream).
/// The policy allows the dashboard's own files only; its one inline script (the theme switch in
/// Dashboard/index.html) is allowed by its SHA-256 hash, so changing that script means changing <see cref="InlineThemeScriptHash"/>.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>SHA-256 (base64) of the inline theme script in Dashboard/index.html.</summary>
    public const string InlineThemeScriptHash = "sha256-3dj1WbcAfMLywP2hD/GQDfnYnUl4fC//CIdG8OIB2xM=";

    /// <summary>The Content-Security-Policy sent with every response.</summary>
    public const string Policy =
        "default-src 'self'; script-src 'self' '" + InlineThemeScriptHash + "'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The policy of the API reference page (<c>/api/docs</c>): Scalar's page configures itself with an inline script
    /// whose content names the server, so scripts inline on that page only are allowed; everything still comes from
    /// this server (no CDN, no connection elsewhere).
    /// </summary>
    public const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Adds the headers before anything else writes the response.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(Add);

    private static Task Add(HttpContext context, RequestDelegate next)
    {
        var h = context.Response.Headers;
        h.XContentTypeOptions = "nosniff";
        h.XFrameOptions = "DENY";
        h.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/api/docs", StringComparison.OrdinalIgnoreCase) ? ApiReferencePolicy : Policy;
        h["Referrer-Policy"] = "no-referrer";
        return next(context);
    }
}
