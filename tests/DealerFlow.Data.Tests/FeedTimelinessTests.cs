using System.Text;
using System.Text.Json.Nodes;
using DealerFlow.Data.Readers;

namespace DealerFlow.Data.Tests;

/// <summary>
/// What the feeds say about their own data: Schwab's <c>isDelayed</c> and underlying quote time, Massive's
/// <c>timeframe</c>, and Massive's pages joined by <c>next_url</c>, on the recorded responses.
/// </summary>
public sealed class FeedTimelinessTests
{
    private static readonly string SchwabChain = File.ReadAllText(RepoPaths.Data("spy_chain_2020-01-29_tdameritrade.json"));
    private static readonly string MassivePage = File.ReadAllText(TestFiles.Fixture("massive_aapl_snapshot.json"));

    private static ChainReadResult Read(string json, ChainFormat format) =>
        ChainReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "feed.json", new ReadOptions { Format = format });

    [Fact]
    public void Schwab_IsDelayedFalse_IsRealTime()
    {
        Assert.Equal(FeedTimeliness.RealTime, Read(SchwabChain, ChainFormat.Schwab).Timeliness);
    }

    [Fact]
    public void Schwab_IsDelayedTrue_IsDelayed()
    {
        var r = Read(SchwabChain.Replace("\"isDelayed\": false", "\"isDelayed\": true", StringComparison.Ordinal), ChainFormat.Schwab);
        Assert.Equal(FeedTimeliness.Delayed, r.Timeliness);
        Assert.Equal("delayed 15 min", FeedTimelinessText.Label(r.Timeliness!.Value));
    }

    [Fact]
    public void Schwab_NoIsDelayed_SaysNothing()
    {
        Assert.Null(Read(SchwabChain.Replace("\"isDelayed\": false,", "", StringComparison.Ordinal), ChainFormat.Schwab).Timeliness);
    }

    [Fact]
    public void Schwab_UnderlyingQuoteTime_IsTheInstant()
    {
        // includeUnderlyingQuote=true: the underlying's quoteTime (1580332800000 ms = 2020-01-29 21:20:00 UTC = 16:20 EST)
        // wins over the contracts' latest quoteTimeInLong (16:15:00.001 EST) and over its own tradeTime.
        var json = SchwabChain.Replace("\"underlying\": null", "\"underlying\": {\"symbol\": \"SPY\", \"last\": 326.22, \"quoteTime\": 1580332800000, \"tradeTime\": 1580332700000}", StringComparison.Ordinal);
        Assert.NotEqual(SchwabChain, json);
        var instant = Read(json, ChainFormat.Schwab).Snapshot.Instant;
        Assert.Equal(new DateTimeOffset(2020, 1, 29, 16, 20, 0, TimeSpan.FromHours(-5)), instant);
        Assert.Equal(TimeSpan.FromHours(-5), instant.Offset);
        Assert.Equal(new DateTimeOffset(2020, 1, 29, 16, 15, 0, 1, TimeSpan.FromHours(-5)), Read(SchwabChain, ChainFormat.Schwab).Snapshot.Instant);
    }

    [Fact]
    public void Massive_RealTimeTimeframes_AreRealTime()
    {
        Assert.Equal(FeedTimeliness.RealTime, Read(MassivePage, ChainFormat.Massive).Timeliness);
    }

    [Fact]
    public void Massive_OneDelayedTimeframe_MakesThePageDelayed()
    {
        var page = JsonNode.Parse(MassivePage)!;
        page["results"]![0]!["underlying_asset"]!["timeframe"] = "DELAYED";
        Assert.Equal(FeedTimeliness.Delayed, Read(page.ToJsonString(), ChainFormat.Massive).Timeliness);
    }

    [Fact]
    public void Massive_DayBarsWithoutQuoteOrTimeframe_IsEndOfDay()
    {
        var page = JsonNode.Parse(MassivePage)!;
        var contract = page["results"]![0]!.AsObject();
        contract.Remove("last_quote");
        contract["underlying_asset"]!.AsObject().Remove("timeframe");
        var r = Read(page.ToJsonString(), ChainFormat.Massive);
        Assert.Equal(FeedTimeliness.EndOfDay, r.Timeliness);
        Assert.Equal("end of day", FeedTimelinessText.Label(r.Timeliness!.Value));
    }

    [Fact]
    public void MassivePages_TwoPagesJoinedByNextUrl_ReadAsOneChain()
    {
        var first = JsonNode.Parse(MassivePage)!;
        first["next_url"] = "https://api.massive.com/v3/snapshot/options/AAPL?cursor=abc";
        var second = JsonNode.Parse(MassivePage)!;
        var put = second["results"]![0]!;
        put["details"]!["contract_type"] = "put";
        put["details"]!["ticker"] = "O:AAPL230616P00150000";
        put["open_interest"] = 4321;
        var pages = new[] { Encoding.UTF8.GetBytes(first.ToJsonString()), Encoding.UTF8.GetBytes(second.ToJsonString()) };

        Assert.Equal("https://api.massive.com/v3/snapshot/options/AAPL?cursor=abc", MassivePages.NextUrl(pages[0], "p1"));
        Assert.Null(MassivePages.NextUrl(pages[1], "p2"));
        // A single page with a next_url is only part of the chain, and says so.
        Assert.Contains(Read(first.ToJsonString(), ChainFormat.Massive).Problems, p => p.Field == "next_url");

        var merged = Read(Encoding.UTF8.GetString(MassivePages.Merge([pages[0], pages[1]], "AAPL")), ChainFormat.Massive);
        Assert.Empty(merged.Problems);
        Assert.Equal(2, merged.ContractsRead);
        var s = merged.Snapshot;
        Assert.Equal(8133, s.OpenInterest[TestFiles.IndexOf(s, "AAPL230616C00150000")]);
        Assert.Equal(4321, s.OpenInterest[TestFiles.IndexOf(s, "AAPL230616P00150000")]);
        Assert.Equal(FeedTimeliness.RealTime, merged.Timeliness);
    }

    [Fact]
    public void MassivePages_NotJson_IsAChainReadErrorNamingThePage()
    {
        var e = Assert.Throws<ChainReadException>(() => MassivePages.Merge([Encoding.UTF8.GetBytes(MassivePage), "<html>"u8.ToArray()], "massive SPY"));
        Assert.StartsWith("'massive SPY page 2' is not JSON: ", e.Message);
    }
}
