using System.Globalization;
using System.Text.Json;
using DealerFlow.Core.Chain;
using DealerFlow.Core.Time;

namespace DealerFlow.Data.Readers;

/// <summary>
/// Massive (formerly Polygon.io) option chain snapshot JSON, <c>GET /v3/snapshot/options/{underlying}</c>:
/// <c>{"status": "OK", "results": [{"details": {"ticker": "O:AAPL230616C00150000", ...}, "open_interest", "greeks",
/// "implied_volatility", "last_quote", "last_trade", "day", "underlying_asset"}], "next_url"}</c>. One page, or
/// the pages of one chain merged into one <c>results</c> array. IV is a fraction; timestamps are epoch
/// nanoseconds. Spot = <c>underlying_asset.price</c> with the newest <c>last_updated</c>; instant = that
/// underlying timestamp (else the newest quote's), shown in US/Eastern: the feed's own time, never the local clock.
/// <see cref="ChainReadResult.Timeliness"/>: delayed when any <c>timeframe</c> (quote, trade or underlying) says
/// DELAYED, real time when they all say REAL-TIME, end of day when no contract has a quote or a timeframe but day
/// bars are there. Problem lines are 1-based record numbers in <c>results</c>.
/// </summary>
internal static class MassiveJsonReader
{
    private const string Label = "Massive (Polygon) option chain snapshot JSON";

    /// <summary>True when the root object's keys are those of a Massive snapshot page (a <c>results</c> array beside its envelope).</summary>
    public static bool LooksLikeSnapshot(IReadOnlyList<string> topLevelKeys) =>
        topLevelKeys.Contains("results") && (topLevelKeys.Contains("request_id") || topLevelKeys.Contains("next_url") || topLevelKeys.Contains("status"));

    public static ChainReadResult Read(ReadOnlySpan<byte> data, string name, ReadOptions options)
    {
        using var doc = JsonDocument.Parse(data.ToArray(), JsonCells.DocumentOptions);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("results", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new ChainReadException(
                $"'{name}' is not a {Label}: expected an object with results as an array of contracts; found {ChainReader.Describe(data)}.");
        }
        var ctx = new RowContext(Math.Max(64, list.GetArrayLength()));
        var status = JsonCells.Text(root, "status");
        if (status is not null && !status.Equals("OK", StringComparison.OrdinalIgnoreCase))
            ctx.Problem(0, "status", $"the response status is '{status}', not OK");
        if (JsonCells.Text(root, "next_url") is { Length: > 0 })
            ctx.Problem(0, "next_url", "the response has a next page (next_url): this file holds only part of the chain");

        var state = new PageState();
        var record = 0;
        foreach (var c in list.EnumerateArray())
        {
            record++;
            ctx.Rows++;
            ReadContract(ctx, c, record, ref state);
        }

        var instantNs = state.UnderlyingNs > 0 ? state.UnderlyingNs : state.LatestQuoteNs;
        DateTimeOffset? instant = instantNs > 0 ? UsEastern.ToEastern(FromUnixNanoseconds(instantNs)) : null;
        FeedTimeliness? timeliness = state.Delayed ? FeedTimeliness.Delayed
            : state.RealTime ? FeedTimeliness.RealTime
            : !state.Quoted && state.DayBars ? FeedTimeliness.EndOfDay
            : null;
        return ResultBuilder.Finish(ctx, ChainFormat.Massive, name, options, state.Underlying, state.Spot, instant, Label, timeliness);
    }

    /// <summary>Epoch nanoseconds (Massive's timestamps) as an instant, to the tick (100 ns).</summary>
    public static DateTimeOffset FromUnixNanoseconds(long ns) => DateTimeOffset.UnixEpoch.AddTicks(ns / 100);

    private struct PageState
    {
        public double Spot = double.NaN;
        public long UnderlyingNs = long.MinValue;
        public long LatestQuoteNs = long.MinValue;
        public string? Underlying;
        public bool Delayed;
        public bool RealTime;
        public bool Quoted;
        public bool DayBars;

        /// <summary>Notes one <c>timeframe</c> value: DELAYED anywhere makes the page delayed.</summary>
        public void Timeframe(JsonElement obj)
        {
            var t = JsonCells.Text(obj, "timeframe");
            if (t is null) return;
            if (t.Equals("DELAYED", StringComparison.OrdinalIgnoreCase)) Delayed = true;
            else if (t.Equals("REAL-TIME", StringComparison.OrdinalIgnoreCase)) RealTime = true;
        }

        public PageState()
        {
        }
    }

    private static void ReadContract(RowContext ctx, JsonElement c, int record, ref PageState page)
    {
        if (c.ValueKind != JsonValueKind.Object)
        {
            ctx.Problem(record, "results", $"record is a JSON {c.ValueKind.ToString().ToLowerInvariant()}, not an object; not loaded", skipped: true);
            return;
        }
        if (!c.TryGetProperty("details", out var details) || details.ValueKind != JsonValueKind.Object)
        {
            ctx.Problem(record, "details", "the contract details are missing; not loaded", skipped: true);
            return;
        }
        var ticker = JsonCells.Text(details, "ticker");
        if (string.IsNullOrWhiteSpace(ticker))
        {
            ctx.Problem(record, "details.ticker", "the option ticker is missing; not loaded", skipped: true);
            return;
        }
        var occText = ticker.StartsWith("O:", StringComparison.Ordinal) ? ticker[2..] : ticker;
        if (!OccSymbol.TryParse(occText, out var occ))
        {
            ctx.Problem(record, "details.ticker", $"'{ticker}' is not an option ticker (O: then root, yyMMdd, C/P, strike x 1000 in 8 digits); not loaded", skipped: true);
            return;
        }
        if (!AgreesWithTicker(ctx, details, occ, record, ticker)) return;

        var what = $"'{ticker}'";
        if (!ctx.OpenInterest(JsonCells.Cell(c, "open_interest"), record, "open_interest", what, out var oi)) return;

        var bid = double.NaN;
        var ask = double.NaN;
        if (c.TryGetProperty("last_quote", out var quote) && quote.ValueKind == JsonValueKind.Object)
        {
            bid = ctx.OptionalNonNegative(JsonCells.Cell(quote, "bid"), record, "last_quote.bid");
            ask = ctx.OptionalNonNegative(JsonCells.Cell(quote, "ask"), record, "last_quote.ask");
            if (Num.TryParseLong(JsonCells.Cell(quote, "last_updated"), out var qns) && qns > page.LatestQuoteNs) page.LatestQuoteNs = qns;
            page.Quoted = true;
            page.Timeframe(quote);
        }
        var last = double.NaN;
        if (c.TryGetProperty("last_trade", out var trade) && trade.ValueKind == JsonValueKind.Object)
        {
            last = ctx.OptionalNonNegative(JsonCells.Cell(trade, "price"), record, "last_trade.price");
            page.Timeframe(trade);
        }
        var volume = double.NaN;
        if (c.TryGetProperty("day", out var day) && day.ValueKind == JsonValueKind.Object)
        {
            volume = ctx.OptionalNonNegative(JsonCells.Cell(day, "volume"), record, "day.volume");
            page.DayBars = true;
            if (double.IsNaN(last)) last = ctx.OptionalNonNegative(JsonCells.Cell(day, "close"), record, "day.close");
        }
        var iv = ctx.OptionalNonNegative(JsonCells.Cell(c, "implied_volatility"), record, "implied_volatility");
        if (iv == 0) iv = double.NaN; // 0 = not computed
        var delta = double.NaN;
        var gamma = double.NaN;
        if (c.TryGetProperty("greeks", out var greeks) && greeks.ValueKind == JsonValueKind.Object)
        {
            delta = ctx.Optional(JsonCells.Cell(greeks, "delta"), record, "greeks.delta");
            gamma = ctx.Optional(JsonCells.Cell(greeks, "gamma"), record, "greeks.gamma");
        }
        var multiplier = 100.0;
        var multiplierCell = JsonCells.Cell(details, "shares_per_contract");
        if (!multiplierCell.IsEmpty)
        {
            if (Num.Parse(multiplierCell, out var m) == NumStatus.Ok && m > 0) multiplier = m;
            else ctx.Problem(record, "details.shares_per_contract", $"'{RowContext.Text(multiplierCell)}' is not a positive multiplier; 100 is used for {what}");
        }

        if (c.TryGetProperty("underlying_asset", out var u) && u.ValueKind == JsonValueKind.Object)
        {
            if (JsonCells.Text(u, "ticker") is { Length: > 0 } ut) page.Underlying ??= Underlyings.Clean(ut.StartsWith("I:", StringComparison.Ordinal) ? ut[2..] : ut); // "I:SPX" = the index
            page.Timeframe(u);
            var hasTime = Num.TryParseLong(JsonCells.Cell(u, "last_updated"), out var uns);
            var priceCell = JsonCells.Cell(u, "price");
            if (!priceCell.IsEmpty)
            {
                var st = Num.Parse(priceCell, out var price);
                if (st != NumStatus.Ok || !(price > 0))
                {
                    ctx.Problem(record, "underlying_asset.price", RowContext.Describe(priceCell, st == NumStatus.Ok ? NumStatus.Invalid : st) + "; not used as spot");
                }
                else if (double.IsNaN(page.Spot) || (hasTime && uns > page.UnderlyingNs))
                {
                    page.Spot = price;
                    if (hasTime) page.UnderlyingNs = uns;
                }
            }
        }

        ctx.Add(new OptionQuote(occ.Root, occ.Expiry, occ.Type, occ.Strike, bid, ask, last, volume, oi, iv, delta, gamma, record)
        {
            Multiplier = multiplier,
        });
    }

    /// <summary>details.contract_type / expiration_date / strike_price, where present, must agree with the ticker.</summary>
    private static bool AgreesWithTicker(RowContext ctx, JsonElement details, OccSymbol occ, int record, string ticker)
    {
        var type = JsonCells.Text(details, "contract_type");
        if (type is not null && !type.Equals(occ.Type == OptionType.Call ? "call" : "put", StringComparison.OrdinalIgnoreCase))
        {
            ctx.Problem(record, "details.contract_type", $"'{ticker}' says contract_type '{type}'; not loaded", skipped: true);
            return false;
        }
        var expiry = JsonCells.Text(details, "expiration_date");
        if (expiry is not null
            && (!DateOnly.TryParseExact(expiry, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var e) || e != occ.Expiry))
        {
            ctx.Problem(record, "details.expiration_date", $"'{ticker}' says expiration_date '{expiry}'; not loaded", skipped: true);
            return false;
        }
        var strikeCell = JsonCells.Cell(details, "strike_price");
        if (!strikeCell.IsEmpty && (Num.Parse(strikeCell, out var k) != NumStatus.Ok || Math.Abs(k - occ.Strike) > 0.0005))
        {
            ctx.Problem(record, "details.strike_price", $"'{ticker}' says strike_price '{RowContext.Text(strikeCell)}'; not loaded", skipped: true);
            return false;
        }
        return true;
    }
}
