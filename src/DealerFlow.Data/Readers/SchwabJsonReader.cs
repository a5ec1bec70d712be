using System.Globalization;
using System.Text.Json;
using DealerFlow.Core.Chain;
using DealerFlow.Core.Time;

namespace DealerFlow.Data.Readers;

/// <summary>
/// Schwab / TD Ameritrade <c>/marketdata/chains</c> JSON: <c>callExpDateMap</c> and <c>putExpDateMap</c>, each
/// <c>"yyyy-MM-dd:days" -> strike -> [contract]</c>. <c>volatility</c> is in percent; -999 and "NaN" mean
/// "no value". Spot = <c>underlyingPrice</c>; instant = the underlying quote's <c>quoteTime</c> (else its
/// <c>tradeTime</c>, else the latest contract <c>quoteTimeInLong</c>; epoch ms), shown in US/Eastern: the feed's own
/// time, never the local clock. <c>isDelayed</c> gives <see cref="ChainReadResult.Timeliness"/>. Problem lines are
/// 1-based contract numbers in file order (calls first).
/// </summary>
internal static class SchwabJsonReader
{
    private const string Label = "Schwab/TD Ameritrade chain JSON";

    /// <summary>TD/Schwab print exactly 5.000 (%) where they could not solve an IV: a floor, not a volatility.</summary>
    private const double VolatilityFloorPercent = 5.0;

    public static ChainReadResult Read(ReadOnlySpan<byte> data, string name, ReadOptions options)
    {
        using var doc = JsonDocument.Parse(data.ToArray(), JsonCells.DocumentOptions);
        var root = doc.RootElement;
        var hasCalls = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("callExpDateMap", out var calls) && calls.ValueKind == JsonValueKind.Object;
        var hasPuts = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("putExpDateMap", out var puts) && puts.ValueKind == JsonValueKind.Object;
        if (!hasCalls && !hasPuts)
        {
            throw new ChainReadException(
                $"'{name}' is not a {Label}: expected an object with callExpDateMap/putExpDateMap objects; found {ChainReader.Describe(data)}.");
        }
        var ctx = new RowContext(256);
        var status = JsonCells.Text(root, "status");
        if (status is not null && !status.Equals("SUCCESS", StringComparison.OrdinalIgnoreCase))
            ctx.Problem(0, "status", $"the response status is '{status}', not SUCCESS");

        var spot = double.NaN;
        var spotCell = Absent(JsonCells.Cell(root, "underlyingPrice"));
        var hasUnderlying = root.TryGetProperty("underlying", out var u) && u.ValueKind == JsonValueKind.Object;
        if (spotCell.IsEmpty && hasUnderlying) spotCell = Absent(JsonCells.Cell(u, "last"));
        long underlyingMs = 0;
        if (hasUnderlying && !Num.TryParseLong(JsonCells.Cell(u, "quoteTime"), out underlyingMs)) Num.TryParseLong(JsonCells.Cell(u, "tradeTime"), out underlyingMs);
        FeedTimeliness? timeliness = root.TryGetProperty("isDelayed", out var delayed) && delayed.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? delayed.ValueKind == JsonValueKind.True ? FeedTimeliness.Delayed : FeedTimeliness.RealTime
            : null;
        if (!spotCell.IsEmpty && Num.Parse(spotCell, out var s) == NumStatus.Ok) spot = s;

        var sym = JsonCells.Text(root, "symbol");
        var underlying = string.IsNullOrWhiteSpace(sym) ? null : Underlyings.Clean(sym);

        long latestQuoteMs = long.MinValue;
        var record = 0;
        foreach (var (mapName, type) in new[] { ("callExpDateMap", OptionType.Call), ("putExpDateMap", OptionType.Put) })
        {
            if (!root.TryGetProperty(mapName, out var map) || map.ValueKind != JsonValueKind.Object) continue;
            foreach (var expiryProp in map.EnumerateObject())
            {
                var keyDate = expiryProp.Name.Split(':')[0];
                DateOnly? expiry = DateOnly.TryParseExact(keyDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var e) ? e : null;
                if (expiryProp.Value.ValueKind != JsonValueKind.Object) continue;
                foreach (var strikeProp in expiryProp.Value.EnumerateObject())
                {
                    if (strikeProp.Value.ValueKind != JsonValueKind.Array) continue;
                    foreach (var c in strikeProp.Value.EnumerateArray())
                    {
                        record++;
                        ctx.Rows++;
                        ReadContract(ctx, c, record, mapName, expiryProp.Name, expiry, strikeProp.Name, type, underlying, ref latestQuoteMs);
                    }
                }
            }
        }

        var instantMs = underlyingMs > 0 ? underlyingMs : latestQuoteMs;
        DateTimeOffset? instant = instantMs > 0
            ? UsEastern.ToEastern(DateTimeOffset.FromUnixTimeMilliseconds(instantMs))
            : null;
        return ResultBuilder.Finish(ctx, ChainFormat.Schwab, name, options, underlying, spot, instant, Label, timeliness);
    }

    private static void ReadContract(
        RowContext ctx, JsonElement c, int record, string mapName, string expiryKey, DateOnly? keyExpiry, string strikeKey,
        OptionType type, string? underlying, ref long latestQuoteMs)
    {
        if (c.ValueKind != JsonValueKind.Object)
        {
            ctx.Problem(record, mapName, $"[{expiryKey}][{strikeKey}] holds a JSON {c.ValueKind.ToString().ToLowerInvariant()}, not a contract object; not loaded", skipped: true);
            return;
        }
        var symbol = JsonCells.Text(c, "symbol") ?? "";
        var what = symbol.Length > 0 ? $"'{symbol}'" : $"{mapName}[{expiryKey}][{strikeKey}]";

        var strikeCell = JsonCells.Cell(c, "strikePrice");
        var keyOk = double.TryParse(strikeKey, NumberStyles.Float, CultureInfo.InvariantCulture, out var keyStrike);
        var strikeStatus = Num.Parse(strikeCell, out var strike);
        if (strikeStatus != NumStatus.Ok)
        {
            if (strikeStatus != NumStatus.Empty)
                ctx.Problem(record, "strikePrice", RowContext.Describe(strikeCell, strikeStatus) + $"; the map key's strike is used for {what}");
            strike = keyOk ? keyStrike : double.NaN;
        }
        if (!(strike > 0))
        {
            ctx.Problem(record, "strikePrice", $"{what} has no usable strike; not loaded", skipped: true);
            return;
        }
        if (keyOk && Math.Abs(keyStrike - strike) > 0.0005)
        {
            ctx.Problem(record, "strikePrice", RowContext.Inv($"{what}: strikePrice {strike} disagrees with its map key {strikeKey}; not loaded"), skipped: true);
            return;
        }
        var putCall = JsonCells.Text(c, "putCall");
        if (putCall is not null && !putCall.Equals(type == OptionType.Call ? "CALL" : "PUT", StringComparison.OrdinalIgnoreCase))
        {
            ctx.Problem(record, "putCall", $"{what} says putCall '{putCall}' inside {mapName}; not loaded", skipped: true);
            return;
        }

        var expiry = keyExpiry;
        if (expiry is null && Num.TryParseLong(JsonCells.Cell(c, "expirationDate"), out var expMs))
            expiry = DateOnly.FromDateTime(UsEastern.ToEastern(DateTimeOffset.FromUnixTimeMilliseconds(expMs)).DateTime);
        if (expiry is not { } exp)
        {
            ctx.Problem(record, mapName, $"{what}: the expiry key '{expiryKey}' is not 'yyyy-MM-dd:days' and expirationDate is missing; not loaded", skipped: true);
            return;
        }

        // Root: an OCC-style symbol (Schwab: "SPY   240105C00470000") or TD's "SPY_012920C280".
        string root;
        if (OccSymbol.TryParse(symbol, out var occ))
        {
            if (occ.Expiry != exp || occ.Type != type || Math.Abs(occ.Strike - strike) > 0.0005)
            {
                ctx.Problem(record, "symbol", RowContext.Inv($"{what} disagrees with its place in the chain ({exp:yyyy-MM-dd} {type} {strike}); not loaded"), skipped: true);
                return;
            }
            root = occ.Root;
        }
        else if (symbol.IndexOf('_') is > 0 and var us)
        {
            root = symbol[..us].Trim();
        }
        else if (underlying is { Length: > 0 })
        {
            root = underlying;
        }
        else
        {
            ctx.Problem(record, "symbol", $"{what}: no option root in the symbol and no underlying symbol in the file; not loaded", skipped: true);
            return;
        }

        if (!ctx.OpenInterest(Absent(JsonCells.Cell(c, "openInterest")), record, "openInterest", what, out var oi)) return;
        // Live payloads carry bid/ask; Schwab's published schema names them bidPrice/askPrice: either is read.
        var bidField = c.TryGetProperty("bid", out _) ? "bid" : "bidPrice";
        var askField = c.TryGetProperty("ask", out _) ? "ask" : "askPrice";
        var bid = ctx.OptionalNonNegative(Absent(JsonCells.Cell(c, bidField)), record, bidField);
        var ask = ctx.OptionalNonNegative(Absent(JsonCells.Cell(c, askField)), record, askField);
        var last = ctx.OptionalNonNegative(Absent(JsonCells.Cell(c, "last")), record, "last");
        var volume = ctx.OptionalNonNegative(Absent(JsonCells.Cell(c, "totalVolume")), record, "totalVolume");
        var volPct = ctx.OptionalNonNegative(Absent(JsonCells.Cell(c, "volatility")), record, "volatility");
        var iv = volPct / 100;
        if (volPct == 0)
        {
            iv = double.NaN;
        }
        else if (volPct == VolatilityFloorPercent)
        {
            ctx.Problem(record, "volatility", $"{what}: 5.0% is the vendor's floor value for an IV it could not solve; read as no value");
            iv = double.NaN;
        }
        var delta = ctx.Optional(Absent(JsonCells.Cell(c, "delta")), record, "delta");
        var gamma = ctx.Optional(Absent(JsonCells.Cell(c, "gamma")), record, "gamma");
        var multiplierCell = Absent(JsonCells.Cell(c, "multiplier"));
        var multiplier = 100.0;
        if (!multiplierCell.IsEmpty)
        {
            var st = Num.Parse(multiplierCell, out var m);
            if (st == NumStatus.Ok && m > 0) multiplier = m;
            else ctx.Problem(record, "multiplier", $"'{RowContext.Text(multiplierCell)}' is not a positive multiplier; 100 is used for {what}");
        }
        SettlementStyle? settlement = JsonCells.Text(c, "settlementType")?.Trim() switch
        {
            "A" => SettlementStyle.AM,
            "P" => SettlementStyle.PM,
            _ => null,
        };
        if (Num.TryParseLong(JsonCells.Cell(c, "quoteTimeInLong"), out var qt) && qt > latestQuoteMs) latestQuoteMs = qt;

        ctx.Add(new OptionQuote(root, exp, type, strike, bid, ask, last, volume, oi, iv, delta, gamma, record)
        {
            Multiplier = multiplier,
            Settlement = settlement,
        });
    }

    /// <summary>TD/Schwab write -999 or "NaN" for "no value".</summary>
    private static ReadOnlySpan<byte> Absent(ReadOnlySpan<byte> cell) =>
        cell.SequenceEqual("-999"u8) || cell.SequenceEqual("-999.0"u8) || cell.SequenceEqual("NaN"u8) ? [] : cell;
}
