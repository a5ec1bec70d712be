using System.Net;
using System.Text.RegularExpressions;

namespace DealerFlow.Web.Tests;

/// <summary>
/// Issue 12 item 5: the dashboard's page code is native ES modules. A browser runs a <c>type="module"</c> script only when
/// it is served with a JavaScript MIME type (with <c>nosniff</c>, nothing else is guessed), and a module whose import does
/// not resolve stops its whole page: every module of Dashboard/ is served as text/javascript and every relative import
/// names a file the server serves.
/// </summary>
[Collection(WebHosts.Name)]
public sealed partial class DashboardModuleTests(ReplayFixture fixture) : IClassFixture<ReplayFixture>
{
    private static readonly string Dashboard = Path.Combine(RepoPaths.Root, "src", "DealerFlow.Web", "Dashboard");

    private static IEnumerable<string> Modules() =>
        Directory.EnumerateFiles(Dashboard, "*.js", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Dashboard, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    [Fact]
    public async Task EveryModule_IsServedAsJavaScript()
    {
        var modules = Modules().ToList();
        Assert.Contains("app.js", modules);
        Assert.Contains("nav.js", modules);
        Assert.Contains("live/levels.js", modules);
        foreach (var m in modules)
        {
            using var r = await fixture.Client.GetAsync("/" + m);
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{m}: HTTP {(int)r.StatusCode}");
            Assert.Equal("text/javascript", r.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task EveryRelativeImport_NamesAServedModule()
    {
        var checkedImports = 0;
        foreach (var m in Modules())
        {
            var text = await File.ReadAllTextAsync(Path.Combine(Dashboard, m));
            foreach (Match i in Import().Matches(text))
            {
                var target = new Uri(new Uri("http://dashboard/" + m), i.Groups["path"].Value).AbsolutePath;
                using var r = await fixture.Client.GetAsync(target);
                Assert.True(r.StatusCode == HttpStatusCode.OK, $"{m} imports {i.Groups["path"].Value}: {target} answers HTTP {(int)r.StatusCode}");
                checkedImports++;
            }
        }
        Assert.True(checkedImports >= 20, $"only {checkedImports} imports found: the pattern no longer matches the modules");
    }

    /// <summary>A static import of a relative path: <c>import … from './x.js'</c> or <c>import './x.js'</c>.</summary>
    [GeneratedRegex(@"^import\s+(?:[^;]*?\sfrom\s+)?'(?<path>\.{1,2}/[^']+)'", RegexOptions.Multiline)]
    private static partial Regex Import();
}
