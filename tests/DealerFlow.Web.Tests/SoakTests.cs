using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace DealerFlow.Web.Tests;

/// <summary>Bounded memory under many distinct views (issue 11, finding 3): the per-view caches are LRU-bounded.</summary>
[Collection(WebHosts.Name)]
public sealed class SoakTests(ITestOutputHelper output)
{
    /// <summary>The stated bound: the live heap after forced GC stays under this, whatever the number of distinct views.</summary>
    private const long HeapBoundBytes = 100L * 1024 * 1024;

    [Fact]
    public async Task Views_TenThousandDistinct_KeepTheLiveHeapUnderTheBound()
    {
        using var dir = new TempDir();
        await using var factory = new DashboardFactory(DashboardFactory.Live(("Source", "Watch"), ("WatchDirectory", dir.Path), ("RescanInterval", "00:00:00.1"),
            ("WatchSettle", "00:00:00"), ("SpotWalk", "false")));
        using var client = factory.CreateClient();
        // The real SPY chain of 2025-05-01 16:49 cut to its 2025-05-02 expiry, strikes 530 to 585 (whole rows), so 10,000
        // views price in about a minute; each view still holds tens of KB (the 401-point profile alone is 25 KB), so
        // 10,000 unbounded views would hold several hundred MB.
        var lines = await File.ReadAllLinesAsync(Path.Combine(RepoPaths.SpySeries, "spy_quotedata_2025-05-01_1649.csv"));
        static bool Near(string l)
        {
            var f = l.Split(',');
            return l.StartsWith("Fri May 02 2025,", StringComparison.Ordinal) && double.Parse(f[11], CultureInfo.InvariantCulture) is >= 530 and <= 585;
        }
        await File.WriteAllLinesAsync(dir.File("spy_quotedata_2025-05-01_1649.csv"), lines.Take(4).Concat(lines.Skip(4).Where(Near)));
        await Wait.Symbol(client, "SPY", s => s.GetProperty("status").GetString() == "ok", "the SPY chain");
        var views = factory.Services.GetRequiredService<Live.LiveViews>();

        using (var first = await client.GetAsync("/api/SPY/levels")) Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var baselineHeap = GC.GetGCMemoryInfo().HeapSizeBytes;

        // 3 units x 2 models x 1,667 expiry windows: 10,002 distinct views, the three units of a window one after another.
        var units = new[] { "1pct", "point", "shares" };
        var models = new[] { "classic", "short-all" };
        var requests = 0;
        for (var days = 0; days < 1667; days++)
        {
            foreach (var model in models)
            {
                foreach (var unit in units)
                {
                    var url = string.Create(CultureInfo.InvariantCulture, $"/api/SPY/levels?unit={unit}&model={model}&expiry={days}");
                    using var r = await client.GetAsync(url);
                    // A window with no expiry in it is a 422 that still priced (and cached) an empty chain.
                    Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity, $"{url}: {(int)r.StatusCode}");
                    requests++;
                }
            }
        }
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var afterHeap = GC.GetGCMemoryInfo().HeapSizeBytes;
        var (entries, bytes, evicted) = views.CacheStats();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{requests} distinct views: live heap {baseline / 1048576.0:0.0} MB before, {after / 1048576.0:0.0} MB after (bound {HeapBoundBytes / 1048576} MB; GC heap size {baselineHeap / 1048576.0:0.0} -> {afterHeap / 1048576.0:0.0} MB); cache {entries} entries, {bytes / 1048576.0:0.0} MB estimated, {evicted} evicted"));
        Assert.Equal(10_002, requests);
        Assert.True(entries <= 256, $"{entries} cache entries");
        Assert.True(evicted > 9_000, $"{evicted} evictions");
        Assert.True(after < HeapBoundBytes, $"the live heap is {after / 1048576.0:0.0} MB after {requests} views (bound {HeapBoundBytes / 1048576} MB)");
    }
}
