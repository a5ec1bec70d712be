using System.Globalization;
using System.Text;
using System.Text.Json;
using DealerFlow.Core.Chain;

namespace DealerFlow.Data.Readers;

/// <summary>
/// CBOE delayed-quotes JSON: <c>{"timestamp": "2024-01-05 23:00:01", "data": {"symbol": "_SPX",
/// "current_price": 4697.24, "options": [{"option": "SPXW240105C04700000", ...}]}}</c>. The timestamp has
/// no zone: <see cref="ReadOptions.CboeJsonOffset"/> (default UTC) is assumed. Problem lines are 1-based
/// record numbers in <c>data.options</c>.
/// </summary>
/// <remarks>
/// Two paths with one set of rules: <see cref="TryStream"/> reads the document once with a <see cref="Utf8JsonReader"/>
/// straight into the chain's columns (no document object model, no string per contract), and hands any document it
/// does not expect (a second <c>data</c> or <c>options</c>, an escaped property name, a record that is not an object,
/// <c>data</c> not an object, no <c>options</c> array) to <see cref="Read"/>, which builds a <see cref="JsonDocument"/>
/// and gives the same result and the same messages. Both take the last of repeated properties, as
/// <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> does.
/// </remarks>
internal static class CboeJsonReader
{
    private const string Label = "CBOE delayed-quotes JSON";

    private static readonly string[] TimestampFormats =
        ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss.FFFFFFF"];

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCells.DocumentOptions.CommentHandling,
        AllowTrailingCommas = JsonCells.DocumentOptions.AllowTrailingCommas,
        MaxDepth = JsonCells.DocumentOptions.MaxDepth,
    };

    /// <summary>The document-model path: every shape of document, with the structural messages.</summary>
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

        var instant = Instant(JsonCells.Text(root, "timestamp"), name, options);
        var ctx = new RowContext(Math.Max(64, list.GetArrayLength()));
        var spot = Spot(JsonCells.Cell(body, "current_price"), out var spotProblem);
        if (spotProblem is not null) ctx.Problems.Add(spotProblem);
        var underlying = UnderlyingOf(JsonCells.Text(body, "symbol"));

        var record = 0;
        foreach (var c in list.EnumerateArray())
        {
            record++;
            ctx.Rows++;
            ReadContract(ctx, c, record);
        }
        return ResultBuilder.Finish(ctx, ChainFormat.CboeJson, name, options, underlying, spot, instant, Label);
    }

    /// <summary>The snapshot time from the file's timestamp (null when it has none); throws when it is malformed and no --as-of is given.</summary>
    private static DateTimeOffset? Instant(string? ts, string name, ReadOptions options)
    {
        if (ts is null) return null;
        if (DateTime.TryParseExact(ts.Trim(), TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return new DateTimeOffset(local, options.CboeJsonOffset);
        if (options.AsOf is null)
            throw new ChainReadException($"'{name}' ({Label}): the timestamp is not in the form 'yyyy-MM-dd HH:mm:ss'; supply the snapshot time with ReadOptions.AsOf (--as-of).");
        return null;
    }

    /// <summary>The spot from <c>current_price</c> (NaN when empty or unusable, with the problem: line 0, first in the list).</summary>
    private static double Spot(ReadOnlySpan<byte> priceCell, out ReadProblem? problem)
    {
        problem = null;
        if (priceCell.IsEmpty) return double.NaN;
        var st = Num.Parse(priceCell, out var spot);
        if (st == NumStatus.Ok) return spot;
        problem = new ReadProblem(0, "current_price", RowContext.Describe(priceCell, st) + "; no spot from the file", false);
        return double.NaN;
    }

    private static string? UnderlyingOf(string? sym) => string.IsNullOrWhiteSpace(sym) ? null : Underlyings.Clean(sym);

    private static void ReadContract(RowContext ctx, JsonElement c, int record)
    {
        if (c.ValueKind != JsonValueKind.Object)
        {
            ctx.Problem(record, "options", $"record is a JSON {c.ValueKind.ToString().ToLowerInvariant()}, not an object; not loaded", skipped: true);
            return;
        }
        var symbol = JsonCells.Text(c, "option");
        AddContract(ctx, record, symbol, JsonCells.Cell(c, "open_interest"), JsonCells.Cell(c, "bid"), JsonCells.Cell(c, "ask"),
            JsonCells.Cell(c, "last_trade_price"), JsonCells.Cell(c, "volume"), JsonCells.Cell(c, "iv"), JsonCells.Cell(c, "delta"), JsonCells.Cell(c, "gamma"));
    }

    /// <summary>One contract record's rules, for both paths: identity, open interest, then the optional numbers.</summary>
    private static void AddContract(RowContext ctx, int record, ReadOnlySpan<char> symbol, ReadOnlySpan<byte> openInterest, ReadOnlySpan<byte> bidCell,
        ReadOnlySpan<byte> askCell, ReadOnlySpan<byte> lastCell, ReadOnlySpan<byte> volumeCell, ReadOnlySpan<byte> ivCell, ReadOnlySpan<byte> deltaCell, ReadOnlySpan<byte> gammaCell)
    {
        if (symbol.IsWhiteSpace())
        {
            ctx.Problem(record, "option", "the option symbol is missing; contract not loaded", skipped: true);
            return;
        }
        if (!OccSymbol.TryParse(symbol, out var occ))
        {
            ctx.Problem(record, "option", $"'{symbol}' is not an OCC option symbol (root, yyMMdd, C/P, strike x 1000 in 8 digits); not loaded", skipped: true);
            return;
        }
        if (!ctx.OpenInterest(openInterest, record, "open_interest", symbol, out var oi)) return;
        var bid = ctx.OptionalNonNegative(bidCell, record, "bid");
        var ask = ctx.OptionalNonNegative(askCell, record, "ask");
        var last = ctx.OptionalNonNegative(lastCell, record, "last_trade_price");
        var volume = ctx.OptionalNonNegative(volumeCell, record, "volume");
        var iv = ctx.OptionalNonNegative(ivCell, record, "iv");
        if (iv == 0) iv = double.NaN; // 0 = not computed, as in the CSV
        var delta = ctx.Optional(deltaCell, record, "delta");
        var gamma = ctx.Optional(gammaCell, record, "gamma");
        ctx.Add(new OptionQuote(occ.Root, occ.Expiry, occ.Type, occ.Strike, bid, ask, last, volume, oi, iv, delta, gamma, record));
    }

    /// <summary>
    /// The streaming path: the whole document read once, token by token, each record's values kept as UTF-8 slices of
    /// <paramref name="data"/> until its object closes (the last of repeated properties wins) and then put through
    /// <see cref="AddContract"/>. False (and no result) for a document it leaves to <see cref="Read"/>; malformed or
    /// truncated JSON throws the reader's <see cref="JsonException"/> with its line and byte, as the document model does.
    /// With <paramref name="unlessMassive"/> (the format was detected from the head only), a root whose full key
    /// list is a Massive page's gives false before any CBOE rule runs, so the caller can hand it to the Massive reader.
    /// </summary>
    public static bool TryStream(ReadOnlySpan<byte> data, string name, ReadOptions options, bool unlessMassive, out ChainReadResult? result)
    {
        result = null;
        List<string> rootKeys = [];
        var reader = new Utf8JsonReader(data, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
        // About 160 bytes per record in CBOE's files; the builder grows if there are more.
        var ctx = new RowContext(Math.Max(64, data.Length / 128));
        string? ts = null;
        string? sym = null;
        byte[]? price = null;
        var sawData = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            rootKeys.Add(key);
            reader.Read();
            if (key == "timestamp")
            {
                ts = TextOf(ref reader);
            }
            else if (key == "data")
            {
                if (sawData || reader.TokenType != JsonTokenType.StartObject) return false;
                sawData = true;
                if (!ReadBody(ref reader, data, ctx, out sym, out price)) return false;
            }
            else
            {
                reader.Skip();
            }
        }
        // Anything after the root object but white space and comments is malformed: the reader throws, as the document model does.
        reader.Read();
        if (!sawData || (unlessMassive && MassiveJsonReader.LooksLikeSnapshot(rootKeys))) return false;

        var instant = Instant(ts, name, options);
        var spot = Spot(price, out var spotProblem);
        if (spotProblem is not null) ctx.Problems.Insert(0, spotProblem);
        result = ResultBuilder.Finish(ctx, ChainFormat.CboeJson, name, options, UnderlyingOf(sym), spot, instant, Label);
        return true;
    }

    /// <summary>The <c>data</c> object: symbol, current_price and the options array; false when it has no options array or repeats it.</summary>
    private static bool ReadBody(ref Utf8JsonReader reader, ReadOnlySpan<byte> data, RowContext ctx, out string? sym, out byte[]? price)
    {
        sym = null;
        price = null;
        var sawOptions = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped) return false;
            if (reader.ValueTextEquals("options"u8))
            {
                reader.Read();
                if (sawOptions || reader.TokenType != JsonTokenType.StartArray) return false;
                sawOptions = true;
                if (!ReadOptions(ref reader, data, ctx)) return false;
            }
            else if (reader.ValueTextEquals("symbol"u8))
            {
                reader.Read();
                sym = TextOf(ref reader);
            }
            else if (reader.ValueTextEquals("current_price"u8))
            {
                reader.Read();
                price = CellOf(ref reader, data).ToArray();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return sawOptions;
    }

    private static bool ReadOptions(ref Utf8JsonReader reader, ReadOnlySpan<byte> data, RowContext ctx)
    {
        Span<char> symbolBuffer = stackalloc char[64];
        var record = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            record++;
            ctx.Rows++;
            if (reader.TokenType != JsonTokenType.StartObject) return false;
            scoped ReadOnlySpan<byte> option = [], oi = [], bid = [], ask = [], last = [], volume = [], iv = [], delta = [], gamma = [];
            var optionKind = JsonTokenType.None;
            var optionEscaped = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueIsEscaped) return false;
                var field = reader.ValueSpan;
                reader.Read();
                switch (field.Length)
                {
                    case 6 when field.SequenceEqual("option"u8):
                        optionKind = reader.TokenType;
                        optionEscaped = reader.ValueIsEscaped;
                        option = CellOf(ref reader, data);
                        break;
                    case 3 when field.SequenceEqual("bid"u8): bid = CellOf(ref reader, data); break;
                    case 3 when field.SequenceEqual("ask"u8): ask = CellOf(ref reader, data); break;
                    case 2 when field.SequenceEqual("iv"u8): iv = CellOf(ref reader, data); break;
                    case 13 when field.SequenceEqual("open_interest"u8): oi = CellOf(ref reader, data); break;
                    case 6 when field.SequenceEqual("volume"u8): volume = CellOf(ref reader, data); break;
                    case 5 when field.SequenceEqual("delta"u8): delta = CellOf(ref reader, data); break;
                    case 5 when field.SequenceEqual("gamma"u8): gamma = CellOf(ref reader, data); break;
                    case 16 when field.SequenceEqual("last_trade_price"u8): last = CellOf(ref reader, data); break;
                    default: reader.Skip(); break;
                }
            }
            // JsonCells.Text's rule for the symbol: a string's text, a number's literal, nothing for any other value.
            scoped ReadOnlySpan<char> symbol = [];
            if (optionKind is JsonTokenType.String or JsonTokenType.Number)
            {
                if (!optionEscaped && option.Length <= symbolBuffer.Length && System.Text.Ascii.ToUtf16(option, symbolBuffer, out var n) == System.Buffers.OperationStatus.Done)
                    symbol = symbolBuffer[..n];
                else
                    symbol = Encoding.UTF8.GetString(option);
            }
            AddContract(ctx, record, symbol, oi, bid, ask, last, volume, iv, delta, gamma);
        }
        return true;
    }

    /// <summary>
    /// <see cref="JsonCells.Cell(JsonElement)"/>'s rule on the reader's current value: empty for null, a string's
    /// (unescaped) content, a number's or literal's text, an object's or array's raw JSON.
    /// </summary>
    private static ReadOnlySpan<byte> CellOf(scoped ref Utf8JsonReader reader, ReadOnlySpan<byte> data)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return [];
            case JsonTokenType.String:
                return reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString() ?? "") : reader.ValueSpan;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                return data[start..(int)reader.BytesConsumed];
            default:
                return reader.ValueSpan;
        }
    }

    /// <summary><see cref="JsonCells.Text"/>'s rule on the reader's current value: a string, a number's literal, or null.</summary>
    private static string? TextOf(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return Encoding.UTF8.GetString(reader.ValueSpan);
            default:
                reader.Skip();
                return null;
        }
    }
}
