using System.Text.Json;
using DealerFlow.Cli.Commands;

namespace DealerFlow.Cli.Output;

/// <summary>JSON output: camelCase names, enums as strings, ISO dates; schema documented in docs/json.md.</summary>
internal static class Json
{
    /// <summary>The API's options (units as codes, enums kebab-case, non-finite numbers as null), indented.</summary>
    public static readonly JsonSerializerOptions Options = Web.WebJson.Configure(new(JsonSerializerDefaults.Web) { WriteIndented = true });

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

    /// <summary>How the JSON outputs write an instant: ISO-8601 to the second with its UTC offset (2024-01-05T15:45:00-05:00).</summary>
    public static string Instant(DateTimeOffset at) => at.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);

    public static string FormatCode(ChainFormat f) => Data.Store.Snapshots.FormatCode(f);

    public static JsonNode ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, Options)!;

    public static string Write(JsonNode node) => node.ToJsonString(Options);
}
