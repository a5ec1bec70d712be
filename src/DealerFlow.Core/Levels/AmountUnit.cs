using System.Text.Json;
using System.Text.Json.Serialization;
using DealerFlow.Core.Exposure;

namespace DealerFlow.Core.Levels;

/// <summary>
/// The unit of an <see cref="Amount"/>. Written to and read from JSON as its code
/// (<see cref="AmountUnits.Code"/>, for example "usd-per-1pct"), so stored reports keep their text.
/// </summary>
[JsonConverter(typeof(AmountUnitJsonConverter))]
public enum AmountUnit
{
    /// <summary>$ per 1% move (GEX, <see cref="GexUnit.DollarsPerPercent"/>).</summary>
    UsdPer1Pct,

    /// <summary>$ per 1-point move (GEX, <see cref="GexUnit.DollarsPerPoint"/>).</summary>
    UsdPerPoint,

    /// <summary>Shares per $1 move (GEX, <see cref="GexUnit.SharesPerDollar"/>).</summary>
    SharesPerUsd,

    /// <summary>Shares of underlying (delta exposure).</summary>
    Shares,

    /// <summary>$ of underlying (delta exposure x spot).</summary>
    Usd,

    /// <summary>Shares per vol point (vanna exposure).</summary>
    SharesPerVolPoint,

    /// <summary>$ per vol point (vanna exposure x spot).</summary>
    UsdPerVolPoint,

    /// <summary>Shares per day (charm exposure).</summary>
    SharesPerDay,

    /// <summary>$ per day (charm exposure x spot).</summary>
    UsdPerDay,
}

/// <summary>Codes and labels of <see cref="AmountUnit"/>.</summary>
public static class AmountUnits
{
    /// <summary>The amount unit a GEX stated in <paramref name="unit"/> carries.</summary>
    public static AmountUnit Of(GexUnit unit) => unit switch
    {
        GexUnit.DollarsPerPercent => AmountUnit.UsdPer1Pct,
        GexUnit.DollarsPerPoint => AmountUnit.UsdPerPoint,
        GexUnit.SharesPerDollar => AmountUnit.SharesPerUsd,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown GEX unit."),
    };

    /// <summary>Per unit its label and code: the GEX units' are <see cref="GexUnits"/>' (the same unit, one text).</summary>
    private static readonly NamedValue<AmountUnit>[] Table =
    [
        Gex(AmountUnit.UsdPer1Pct, GexUnit.DollarsPerPercent), Gex(AmountUnit.UsdPerPoint, GexUnit.DollarsPerPoint), Gex(AmountUnit.SharesPerUsd, GexUnit.SharesPerDollar),
        new(AmountUnit.Shares, "shares", "shares"), new(AmountUnit.Usd, "$", "usd"),
        new(AmountUnit.SharesPerVolPoint, "shares per vol point", "shares-per-vol-point"), new(AmountUnit.UsdPerVolPoint, "$ per vol point", "usd-per-vol-point"),
        new(AmountUnit.SharesPerDay, "shares per day", "shares-per-day"), new(AmountUnit.UsdPerDay, "$ per day", "usd-per-day"),
    ];

    /// <summary>The short code used in JSON and on the command line, for example "usd-per-1pct" (the GEX units' codes are <see cref="GexUnits.Code"/>'s).</summary>
    public static string Code(this AmountUnit unit) => NamedValues.Of(Table, unit).Code;

    /// <summary>Human label, for example "$ per 1% move".</summary>
    public static string Label(this AmountUnit unit) => NamedValues.Of(Table, unit).Text;

    private static NamedValue<AmountUnit> Gex(AmountUnit unit, GexUnit gex) => new(unit, GexUnits.Label(gex), GexUnits.Code(gex));

    /// <summary>The unit whose <see cref="Code"/> is <paramref name="code"/> (trimmed, case-insensitive); false for any other text.</summary>
    public static bool TryParse(string? code, out AmountUnit unit) => NamedValues.TryParse(Table, code ?? "", out unit);
}

/// <summary>Writes an <see cref="AmountUnit"/> as its code and reads it back; an unknown code is a <see cref="JsonException"/> naming it.</summary>
public sealed class AmountUnitJsonConverter : JsonConverter<AmountUnit>
{
    /// <inheritdoc />
    public override AmountUnit Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var code = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return AmountUnits.TryParse(code, out var unit) ? unit : throw new JsonException($"Unknown amount unit '{code}'.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, AmountUnit value, JsonSerializerOptions options) => writer.WriteStringValue(value.Code());
}
