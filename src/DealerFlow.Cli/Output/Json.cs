using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DealerFlow.Cli.Commands;
using DealerFlow.Data.Readers;

namespace DealerFlow.Cli.Output;

/// <summary>JSON output: camelCase names, enums as strings, ISO dates; schema documented in docs/json.md.</summary>
internal static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new GexUnitConverter(), new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        NumberHandling = JsonNumberHandling.Strict,
    };

    public const int MaxProblemsListed = 50;

    public static JsonObject Input(AnalysedFile f) => new()
    {
        ["file"] = Path.GetFileName(f.File),
        ["format"] = FormatCode(f.Input.Format),
        ["rowsRead"] = f.Input.RowsRead,
        ["contractsRead"] = f.Input.ContractsRead,
        ["contractsSkipped"] = f.Input.ContractsSkipped,
        ["problemCount"] = f.Input.Problems.Count,
        ["problems"] = new JsonArray(f.Input.Problems.Take(MaxProblemsListed)
            .Select(p => (JsonNode)new JsonObject { ["line"] = p.Line, ["field"] = p.Field, ["reason"] = p.Reason, ["skipped"] = p.Skipped }).ToArray()),
    };

    public static string FormatCode(ChainFormat f) => Data.Store.Snapshots.FormatCode(f);

    /// <summary>Writes a GEX unit as its code ("usd-per-1pct"), the same string every amount carries.</summary>
    private sealed class GexUnitConverter : JsonConverter<Core.Exposure.GexUnit>
    {
        public override Core.Exposure.GexUnit Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Core.Exposure.GexUnits.TryParse(reader.GetString() ?? "", out var u) ? u : throw new JsonException($"Unknown GEX unit '{reader.GetString()}'.");

        public override void Write(Utf8JsonWriter writer, Core.Exposure.GexUnit value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Core.Exposure.GexUnits.Code(value));
    }

    public static JsonNode ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, Options)!;

    public static string Write(JsonNode node) => node.ToJsonString(Options);
}
