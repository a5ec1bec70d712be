using System.Globalization;
using System.Text.Json;
using DealerFlow.Core.Chain;

namespace DealerFlow.Data.Readers;

/// <summary>
/// CBOE delayed-quotes JSON: <c>{"timestamp": "2024-01-05 23:00:01", "data": {"symbol": "_SPX",
/// "current_price": 4697.24, "options": [{"option": "SPXW240105C04700000", ...}]}}</c>. The timestamp has
/// no zone: <see cref="ReadOptions.CboeJsonOffset"/> (default UTC) is assumed. Problem lines are 1-based
/// record numbers in <c>data.options</c>.
/// </summary>
internal static class CboeJsonReader
{
    private const string Label = "CBOE delayed-quotes JSON";

    private static readonly string[] TimestampFormats =
        ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss.FFFFFFF"];

    public static ChainReadResult Read(ReadOnlySpan<byte> data, string name, ReadOptions options)
    {
        using var doc = JsonDocument.Parse(data.ToArray(), JsonCells.DocumentOptions);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("data", out var body) || body.ValueKind != JsonValueKind.Object
            || !body.TryGetProperty("options", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new ChainReadException(
                $"'{name}' is not a {Label}: expected an object with data.options as an array of contracts; found {ChainReader.Describe(data)}.");
        }

        DateTimeOffset? instant = null;
        var ts = JsonCells.Text(root, "timestamp");
        if (ts is not null)
        {
            if (DateTime.TryParseExact(ts.Trim(), TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
                instant = new DateTimeOffset(local, options.CboeJsonOffset);
            else if (options.AsOf is null)
                throw new ChainReadException($"'{name}' ({Label}): the timestamp is not in the form 'yyyy-MM-dd HH:mm:ss'; supply the snapshot time with ReadOptions.AsOf (--as-of).");
        }

        var spot = double.NaN;
        var priceCell = JsonCells.Cell(body, "current_price");
        var ctx = new RowContext(Math.Max(64, list.GetArrayLength()));
        if (!priceCell.IsEmpty)
        {
            var st = Num.Parse(priceCell, out spot);
            if (st != NumStatus.Ok)
            {
                ctx.Problem(0, "current_price", RowContext.Describe(priceCell, st) + "; no spot from the file");
                spot = double.NaN;
            }
        }
        var sym = JsonCells.Text(body, "symbol");
        var underlying = string.IsNullOrWhiteSpace(sym) ? null : Underlyings.Clean(sym);

        var record = 0;
        foreach (var c in list.EnumerateArray())
        {
            record++;
            ctx.Rows++;
            ReadContract(ctx, c, record);
        }
        return ResultBuilder.Finish(ctx, ChainFormat.CboeJson, name, options, underlying, spot, instant, Label);
    }

    private static void ReadContract(RowContext ctx, JsonElement c, int record)
    {
        if (c.ValueKind != JsonValueKind.Object)
        {
            ctx.Problem(record, "options", $"record is a JSON {c.ValueKind.ToString().ToLowerInvariant()}, not an object; not loaded", skipped: true);
            return;
        }
        var symbol = JsonCells.Text(c, "option");
        if (string.IsNullOrWhiteSpace(symbol))
        {
            ctx.Problem(record, "option", "the option symbol is missing; contract not loaded", skipped: true);
            return;
        }
        if (!OccSymbol.TryParse(symbol, out var occ))
        {
            ctx.Problem(record, "option", $"'{symbol}' is not an OCC option symbol (root, yyMMdd, C/P, strike x 1000 in 8 digits); not loaded", skipped: true);
            return;
        }
        if (!ctx.OpenInterest(JsonCells.Cell(c, "open_interest"), record, "open_interest", symbol, out var oi)) return;
        var bid = ctx.OptionalNonNegative(JsonCells.Cell(c, "bid"), record, "bid");
        var ask = ctx.OptionalNonNegative(JsonCells.Cell(c, "ask"), record, "ask");
        var last = ctx.OptionalNonNegative(JsonCells.Cell(c, "last_trade_price"), record, "last_trade_price");
        var volume = ctx.OptionalNonNegative(JsonCells.Cell(c, "volume"), record, "volume");
        var iv = ctx.OptionalNonNegative(JsonCells.Cell(c, "iv"), record, "iv");
        if (iv == 0) iv = double.NaN; // 0 = not computed, as in the CSV
        var delta = ctx.Optional(JsonCells.Cell(c, "delta"), record, "delta");
        var gamma = ctx.Optional(JsonCells.Cell(c, "gamma"), record, "gamma");
        ctx.Add(new OptionQuote(occ.Root, occ.Expiry, occ.Type, occ.Strike, bid, ask, last, volume, oi, iv, delta, gamma, record));
    }
}
