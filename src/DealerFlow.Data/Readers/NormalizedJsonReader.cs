using System.Text.Json;

namespace DealerFlow.Data.Readers;

/// <summary>
/// DealerFlow's normalized JSON: <c>{"underlying": "SPX", "spot": 4697.24, "timestamp": "2024-01-05T16:00:00-05:00",
/// "contracts": [{...the normalized column names...}]}</c>. Names are matched case-insensitively and
/// <see cref="ReadOptions.ColumnMap"/> applies. Problem lines are 1-based record numbers in <c>contracts</c>.
/// </summary>
internal static class NormalizedJsonReader
{
    private const string Label = "DealerFlow normalized JSON";

    public static ChainReadResult Read(ReadOnlySpan<byte> data, string name, ReadOptions options)
    {
        using var doc = JsonDocument.Parse(data.ToArray(), JsonCells.DocumentOptions);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !JsonCells.TryGetPropertyIgnoreCase(root, "contracts", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new ChainReadException(
                $"'{name}' is not a {Label}: expected an object with a 'contracts' array; found {ChainReader.Describe(data)}.");
        }
        var names = NamedCsvReader.ResolveNames(name, Label, ChainFormat.Normalized, options.ColumnMap);
        var lookup = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var c = 0; c < names.Length; c++) lookup.TryAdd(names[c] ?? NamedRowReader.CanonicalNames[c], c);

        var ctx = new RowContext(Math.Max(64, list.GetArrayLength()));
        var rows = new NamedRowReader(ctx, ChainFormat.Normalized, names, options.Underlying);

        // The top level's underlying/spot/timestamp act as a row-0 default for every contract.
        var top = new JsonElement?[NamedRowReader.ColumnCount];
        Collect(root, lookup, top);
        var topRow = new JsonRow(top, new JsonElement?[NamedRowReader.ColumnCount]);
        rows.SnapshotFields(ref topRow, 0);

        var record = 0;
        var cells = new JsonElement?[NamedRowReader.ColumnCount];
        foreach (var c in list.EnumerateArray())
        {
            record++;
            ctx.Rows++;
            if (c.ValueKind != JsonValueKind.Object)
            {
                ctx.Problem(record, "contracts", $"record is a JSON {c.ValueKind.ToString().ToLowerInvariant()}, not an object; not loaded", skipped: true);
                continue;
            }
            Array.Clear(cells);
            Collect(c, lookup, cells);
            var row = new JsonRow(cells, top);
            rows.ReadRow(ref row, record);
        }
        return ResultBuilder.Finish(ctx, ChainFormat.Normalized, name, options, rows.Underlying, rows.Spot, rows.Instant, Label);
    }

    private static void Collect(JsonElement obj, Dictionary<string, int> lookup, JsonElement?[] cells)
    {
        foreach (var p in obj.EnumerateObject())
        {
            if (lookup.TryGetValue(p.Name, out var c) && cells[c] is null) cells[c] = p.Value;
        }
    }

    private readonly struct JsonRow : INamedRow
    {
        private readonly JsonElement?[] _cells;
        private readonly JsonElement?[] _defaults;

        public JsonRow(JsonElement?[] cells, JsonElement?[] defaults)
        {
            _cells = cells;
            _defaults = defaults;
        }

        public ReadOnlySpan<byte> Get(Col c)
        {
            var v = _cells[(int)c];
            if (v is null && c is Col.Underlying or Col.Spot or Col.Timestamp) v = _defaults[(int)c];
            return v is { } e ? JsonCells.Cell(e) : [];
        }
    }
}
