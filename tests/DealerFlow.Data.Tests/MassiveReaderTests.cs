using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using DealerFlow.Core.Chain;
using DealerFlow.Data.Readers;

namespace DealerFlow.Data.Tests;

/// <summary>
/// Massive (Polygon) option chain snapshots. The fixture massive_aapl_snapshot.json is the recorded response of the
/// public Massive Python client's REST tests (polygon-io/client-python, test_rest/mocks/v3/snapshot/options/AAPL.json).
/// </summary>
public sealed class MassiveReaderTests
{
    [Fact]
    public void Read_RecordedSnapshot_EveryFieldAndTheFeedsOwnTime()
    {
        var r = ChainReader.Read(TestFiles.Fixture("massive_aapl_snapshot.json"));
        var s = r.Snapshot;

        Assert.Equal(ChainFormat.Massive, r.Format);
        Assert.Empty(r.Problems);
        Assert.Equal(1, r.ContractsRead);
        Assert.Equal("AAPL", s.Underlying);
        Assert.Equal(159.9606, s.Spot);
        // underlying_asset.last_updated 1651254263172073152 ns = 2022-04-29 17:44:23.1720731 UTC, shown in US/Eastern (EDT).
        Assert.Equal(new DateTimeOffset(2022, 4, 29, 17, 44, 23, TimeSpan.Zero).AddTicks(1720731), s.Instant);
        Assert.Equal(TimeSpan.FromHours(-4), s.Instant.Offset);
        var c = TestFiles.IndexOf(s, "AAPL230616C00150000");
        Assert.Equal(new DateOnly(2023, 6, 16), s.Expiry[c]);
        Assert.Equal(OptionType.Call, s.Type[c]);
        Assert.Equal(150.0, s.Strike[c]);
        Assert.Equal(28.9, s.Bid[c]);
        Assert.Equal(29.25, s.Ask[c]);
        Assert.Equal(29.0, s.Last[c]); // no last_trade in the response: the day's close
        Assert.Equal(8.0, s.Volume[c]);
        Assert.Equal(8133.0, s.OpenInterest[c]);
        Assert.Equal(0.3570277203465058, s.VendorIv[c]);
        Assert.Equal(0.6436614934293701, s.VendorDelta[c]);
        Assert.Equal(0.0061735291012820675, s.VendorGamma[c]);
    }

    [Fact]
    public void Read_RealChainWrittenAsMassivePages_SameContractsAsTheCboeOriginal()
    {
        var cboe = ChainReader.Read(TestFiles.Fixture("cboe_spx_2024-01-05.json")).Snapshot;
        var ns = (cboe.Instant.ToUnixTimeMilliseconds() * 1_000_000).ToString(CultureInfo.InvariantCulture);
        var results = new JsonArray();
        for (var i = 0; i < cboe.Count; i++)
        {
            var contract = new JsonObject
            {
                ["details"] = new JsonObject
                {
                    ["contract_type"] = cboe.Type[i] == OptionType.Call ? "call" : "put",
                    ["expiration_date"] = cboe.Expiry[i].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["strike_price"] = cboe.Strike[i],
                    ["shares_per_contract"] = 100,
                    ["ticker"] = "O:" + cboe.Symbol(i),
                },
                ["open_interest"] = cboe.OpenInterest[i],
                ["last_quote"] = new JsonObject { ["bid"] = cboe.Bid[i], ["ask"] = cboe.Ask[i], ["last_updated"] = JsonNode.Parse(ns) },
                ["last_trade"] = new JsonObject { ["price"] = cboe.Last[i] },
                ["day"] = new JsonObject { ["volume"] = cboe.Volume[i] },
                ["implied_volatility"] = double.IsNaN(cboe.VendorIv[i]) ? null : cboe.VendorIv[i],
                ["greeks"] = new JsonObject { ["delta"] = cboe.VendorDelta[i], ["gamma"] = cboe.VendorGamma[i] },
                ["underlying_asset"] = new JsonObject { ["ticker"] = "I:SPX", ["price"] = cboe.Spot, ["last_updated"] = JsonNode.Parse(ns) },
            };
            results.Add(contract);
        }
        var page = new JsonObject { ["status"] = "OK", ["request_id"] = "x", ["results"] = results };

        var r = TestFiles.ReadText(page.ToJsonString(), "spx.json");
        var m = r.Snapshot;

        Assert.Equal(ChainFormat.Massive, r.Format);
        Assert.Empty(r.Problems);
        Assert.Equal("SPX", m.Underlying);
        Assert.Equal(cboe.Spot, m.Spot);
        Assert.Equal(cboe.Instant, m.Instant);
        Assert.Equal(cboe.Count, m.Count);
        for (var i = 0; i < cboe.Count; i++)
        {
            var j = TestFiles.IndexOf(m, cboe.Symbol(i));
            Assert.True(j >= 0, cboe.Symbol(i));
            Assert.Equal(cboe.Settlement[i], m.Settlement[j]);
            Assert.Equal(cboe.Bid[i], m.Bid[j]);
            Assert.Equal(cboe.Ask[i], m.Ask[j]);
            Assert.Equal(cboe.OpenInterest[i], m.OpenInterest[j]);
            Assert.Equal(cboe.VendorIv[i], m.VendorIv[j]);
            Assert.Equal(cboe.VendorGamma[i], m.VendorGamma[j]);
        }
    }

    [Fact]
    public void Read_BadRecords_ProblemPerRecordWithFieldAndReason()
    {
        const string json = """
            {"status": "OK", "request_id": "r", "next_url": "https://example.invalid/v3/snapshot/options/SPY?cursor=abc", "results": [
              {"details": {"ticker": "O:SPY250620C00500000", "contract_type": "call", "expiration_date": "2025-06-20", "strike_price": 500},
               "open_interest": 10, "underlying_asset": {"ticker": "SPY", "price": 510.5, "last_updated": 1750000000000000000}},
              {"details": {"ticker": "SPY"}, "open_interest": 5},
              {"details": {"ticker": "O:SPY250620P00500000", "contract_type": "call"}, "open_interest": 5},
              {"details": {"ticker": "O:SPY250620P00490000", "strike_price": 480}, "open_interest": 5},
              {"details": {"ticker": "O:SPY250620P00470000"}},
              {"details": {"ticker": "O:SPY250620P00460000"}, "open_interest": 7, "implied_volatility": "NaN"},
              42
            ]}
            """;
        var r = TestFiles.ReadText(json, "spy.json");

        Assert.Equal(7, r.RowsRead);
        Assert.Equal(2, r.ContractsRead);
        Assert.Equal(510.5, r.Snapshot.Spot);
        var expected = new[]
        {
            new ReadProblem(0, "next_url", "the response has a next page (next_url): this file holds only part of the chain", false),
            new ReadProblem(2, "details.ticker", "'SPY' is not an option ticker (O: then root, yyMMdd, C/P, strike x 1000 in 8 digits); not loaded", true),
            new ReadProblem(3, "details.contract_type", "'O:SPY250620P00500000' says contract_type 'call'; not loaded", true),
            new ReadProblem(4, "details.strike_price", "'O:SPY250620P00490000' says strike_price '480'; not loaded", true),
            new ReadProblem(5, "open_interest", "open interest is missing; 'O:SPY250620P00470000' not loaded", true),
            new ReadProblem(6, "implied_volatility", "'NaN' is not a finite number; read as no value", false),
            new ReadProblem(7, "results", "record is a JSON number, not an object; not loaded", true),
        };
        Assert.Equal(expected, r.Problems);
    }

    [Fact]
    public void Read_NoUsableSpot_AsksForOne()
    {
        const string json = """{"status": "OK", "results": [{"details": {"ticker": "O:SPY250620C00500000"}, "open_interest": 1}]}""";

        var e = Assert.Throws<ChainReadException>(() => TestFiles.ReadText(json, "spy.json"));

        Assert.Contains("gives no spot price", e.Message);
    }

    [Fact]
    public void Detect_MassivePage_IsMassiveNotCboe()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"request_id": "x", "results": [], "status": "OK"}""");

        Assert.True(ChainReader.TryDetect(bytes, out var f));
        Assert.Equal(ChainFormat.Massive, f);
    }

    [Fact]
    public void Read_SchwabWithPublishedSchemaNames_BidPriceAndAskPriceRead()
    {
        var original = ChainReader.Read(RepoPaths.Data("spy_chain_2020-01-29_tdameritrade.json")).Snapshot;
        var text = File.ReadAllText(RepoPaths.Data("spy_chain_2020-01-29_tdameritrade.json"))
            .Replace("\"bid\":", "\"bidPrice\":", StringComparison.Ordinal)
            .Replace("\"ask\":", "\"askPrice\":", StringComparison.Ordinal);
        Assert.DoesNotContain("\"bid\":", text, StringComparison.Ordinal);

        var renamed = TestFiles.ReadText(text, "schwab.json").Snapshot;

        Assert.Equal(original.Count, renamed.Count);
        Assert.Equal(original.Bid.ToArray(), renamed.Bid.ToArray());
        Assert.Equal(original.Ask.ToArray(), renamed.Ask.ToArray());
        Assert.Contains(original.Bid.ToArray(), b => b > 0);
    }
}
