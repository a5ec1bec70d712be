using System.Net;
using Microsoft.Extensions.Configuration;

namespace DealerFlow.Web.Security;

/// <summary>
/// Who may talk to the server, bound from <c>DealerFlow:Security</c> and validated at start. Loopback by default:
/// only the names localhost, 127.0.0.1 and [::1] are answered and no token is needed. Listening on any other address
/// needs <see cref="Public"/> and a <see cref="Token"/>, which every request must then carry.
/// </summary>
internal sealed class SecurityOptions
{
    public const string Section = "DealerFlow:Security";

    /// <summary>The shortest token accepted (a generated one has 43 characters).</summary>
    public const int MinTokenLength = 16;

    /// <summary>The Host names answered when <see cref="AllowedHosts"/> is empty and the server is not public.</summary>
    public static readonly IReadOnlyList<string> LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>Host names (without port) answered besides the loopback names; "*" answers any. Empty on a public server: any name (the token guards it).</summary>
    public string[] AllowedHosts { get; set; } = [];

    /// <summary>Allows listening beyond this machine; requires <see cref="Token"/>.</summary>
    public bool Public { get; set; }

    /// <summary>The access token every request must carry (bearer header or cookie) when set.</summary>
    public string? Token { get; set; }

    /// <summary>The addresses the server listens on (the <c>urls</c> setting), checked against <see cref="Public"/>.</summary>
    public string? Urls { get; set; }

    /// <summary>The names answered: the loopback names and the configured ones; "*" (any) on a public server that names none.</summary>
    public IReadOnlyList<string> EffectiveHosts => Public && AllowedHosts.Length == 0 ? ["*"] : [.. LoopbackHosts, .. AllowedHosts];

    /// <summary>What is wrong with these settings, one sentence each (empty when they are usable).</summary>
    public IEnumerable<string> Problems()
    {
        if (Token is { } t && (t.Length < MinTokenLength || t.Any(c => c is <= ' ' or > '~' or ';' or ',')))
            yield return $"The access token must be at least {MinTokenLength} printable ASCII characters without spaces, ';' or ','.";
        if (Public && string.IsNullOrEmpty(Token))
            yield return "A public server needs an access token (--token T, or let serve generate one).";
        foreach (var url in (Urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Public && !IsLoopback(url))
                yield return $"{url} listens beyond this machine; add --public (every request then needs the access token) or listen on http://127.0.0.1:PORT.";
        }
        foreach (var h in AllowedHosts)
        {
            if (h.Length == 0 || h.Contains('/') || h.Any(char.IsWhiteSpace))
                yield return $"Allowed host '{h}' is not a host name such as localhost, 192.168.1.20 or [::1] (no scheme, no port).";
        }
    }

    /// <summary>
    /// Every address Kestrel will listen on, from the same settings it reads: <c>urls</c> and <c>Kestrel:Endpoints</c>,
    /// and, when neither is set, <c>http_ports</c>/<c>https_ports</c> (ASPNETCORE_HTTP_PORTS, set by the official
    /// container images), which bind every interface (<c>http://*:PORT</c>).
    /// </summary>
    public static string ListenAddresses(IConfiguration c)
    {
        var named = new[] { c["urls"] }.Concat(c.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]))
            .Where(u => !string.IsNullOrWhiteSpace(u)).ToArray();
        if (named.Length > 0) return string.Join(";", named);
        static IEnumerable<string> Ports(string? ports, string scheme) =>
            (ports ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"{scheme}://*:{p}");
        return string.Join(";", Ports(c["http_ports"], "http").Concat(Ports(c["https_ports"], "https")));
    }

    /// <summary>True when <paramref name="url"/> listens on loopback only: localhost or a loopback IP (not 0.0.0.0, *, + or a host name).</summary>
    public static bool IsLoopback(string url)
    {
        var u = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(u, UriKind.Absolute, out var parsed)) return false;
        if (string.Equals(parsed.Host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(parsed.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }
}

/// <summary>Fails the start with the problems of <see cref="SecurityOptions"/>, each one plain sentence.</summary>
internal sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        var problems = options.Problems().ToArray();
        return problems.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
