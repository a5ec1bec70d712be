using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DealerFlow.Web.Tests;

/// <summary>The generated OpenAPI document against the endpoints the app really maps.</summary>
[Collection(WebHosts.Name)]
public sealed class OpenApiTests(ReplayFixture fixture) : IClassFixture<ReplayFixture>
{
    private readonly HttpClient _client = fixture.Client;

    /// <summary>Every route and method the app maps (from its EndpointDataSource), documentation endpoints apart.</summary>
    private IReadOnlyList<(string Route, string Method)> MappedOperations(out IReadOnlyList<string> excluded)
    {
        var endpoints = fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToArray();
        var documented = new List<(string, string)>();
        var hidden = new List<string>();
        foreach (var e in endpoints)
        {
            var route = "/" + e.RoutePattern.RawText!.TrimStart('/');
            if (e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true })
            {
                hidden.Add(route);
                continue;
            }
            foreach (var method in e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                documented.Add((route, method.ToLowerInvariant()));
        }
        excluded = hidden;
        return documented;
    }

    [Fact]
    public async Task OpenApi_DocumentsEveryMappedEndpointWithA200Schema()
    {
        var operations = MappedOperations(out var excluded);
        // The API has 10 operations today; a lower count means the enumeration itself broke.
        Assert.True(operations.Count >= 10, string.Join(", ", operations));
        // Only the documentation itself (the OpenAPI document and Scalar's page) is left out of the document.
        Assert.All(excluded, r => Assert.True(r.StartsWith("/openapi/", StringComparison.Ordinal) || r.StartsWith("/api/docs", StringComparison.Ordinal), r));

        var doc = await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.StartsWith("3.1", doc.GetProperty("openapi").GetString());
        var paths = doc.GetProperty("paths");
        foreach (var (route, method) in operations)
        {
            Assert.True(paths.TryGetProperty(route, out var path), $"{route} is not in /openapi/v1.json");
            Assert.True(path.TryGetProperty(method, out var op), $"{method.ToUpperInvariant()} {route} is not in /openapi/v1.json");
            Assert.False(string.IsNullOrWhiteSpace(op.GetProperty("summary").GetString()), $"{route} has no summary");
            var ok = op.GetProperty("responses").GetProperty("200");
            Assert.Contains(ok.GetProperty("content").EnumerateObject(), c => c.Value.TryGetProperty("schema", out _));
        }
        // And nothing documented that the app does not map.
        var documented = paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(m => (p.Name, m.Name))).ToArray();
        Assert.Equal(operations.OrderBy(o => o.Route).ThenBy(o => o.Method), documented.OrderBy(o => o.Item1).ThenBy(o => o.Item2));
    }

    [Fact]
    public async Task OpenApi_LevelsOperation_HasQueryParametersResponseSchemaAndProblems()
    {
        var doc = await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var op = doc.GetProperty("paths").GetProperty("/api/{symbol}/levels").GetProperty("get");
        Assert.Equal("GetLevels", op.GetProperty("operationId").GetString());
        var parameters = op.GetProperty("parameters").EnumerateArray().Select(p => (p.GetProperty("name").GetString(), p.GetProperty("in").GetString())).ToArray();
        Assert.Equal([("symbol", "path"), ("unit", "query"), ("model", "query"), ("expiry", "query")], parameters);
        var responses = op.GetProperty("responses");
        Assert.Equal("#/components/schemas/LevelsView", responses.GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        foreach (var status in new[] { "400", "404", "422", "503" })
            Assert.True(responses.GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out _), status);
        Assert.True(doc.GetProperty("components").GetProperty("schemas").GetProperty("LevelsView").GetProperty("properties").TryGetProperty("levels", out _));
    }

    [Fact]
    public async Task OpenApi_EveryOperation_DeclaresTheAccessProblems_AndPostsTheBodyProblems()
    {
        // AccessControl answers 400 (Host name, unbound parameter) and 401 (public server without the token) before any
        // handler; a POST body can also be refused as 415 (not JSON) or 408 (stalled). Each is a problem+json response.
        var doc = await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var checkedPosts = 0;
        foreach (var (route, method) in MappedOperations(out _))
        {
            var responses = doc.GetProperty("paths").GetProperty(route).GetProperty(method).GetProperty("responses");
            var expected = method == "post" ? new[] { "400", "401", "408", "415" } : ["400", "401"];
            foreach (var status in expected)
            {
                Assert.True(responses.TryGetProperty(status, out var r), $"{method.ToUpperInvariant()} {route} does not declare {status}");
                Assert.True(r.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{route} {status}");
            }
            if (method != "post") Assert.False(responses.TryGetProperty("415", out _), $"{route} declares 415 without a body");
            else checkedPosts++;
        }
        Assert.True(checkedPosts >= 1);
    }

    [Fact]
    public async Task OpenApi_EveryPerSymbolOperation_DeclaresTheUnknownSymbols404()
    {
        // The served-symbol guard answers 404 for a symbol that is not served; its group declares it for every endpoint.
        var doc = await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var perSymbol = MappedOperations(out _).Where(o => o.Route.StartsWith("/api/{symbol}/", StringComparison.Ordinal)).ToArray();
        Assert.True(perSymbol.Length >= 10, $"{perSymbol.Length} per-symbol operations");
        foreach (var (route, method) in perSymbol)
        {
            var responses = doc.GetProperty("paths").GetProperty(route).GetProperty(method).GetProperty("responses");
            Assert.True(responses.TryGetProperty("404", out var r), $"{method.ToUpperInvariant()} {route} does not declare 404");
            Assert.True(r.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{route} 404");
        }
    }

    [Fact]
    public async Task HandWrittenDocument_IsGone_AndTheReferencePageIsServedFromTheAssembly()
    {
        using var old = await _client.GetAsync("/openapi.json");
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
        var html = await _client.GetStringAsync("/api/docs/");
        Assert.Contains("openapi/v1.json", html);
        Assert.DoesNotContain("src=\"http", html);
        using var script = await _client.GetAsync("/api/docs/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 1_000_000);
    }
}
