using System.Text.Json.Serialization;

namespace DealerFlow.Web;

/// <summary>JSON for the API and the event stream: camelCase, numbers only as JSON numbers, enums and units as codes ("usd-per-1pct"), no NaN (null instead).</summary>
internal static class WebJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions o)
    {
        // The web defaults read "20" as 20: a request must send numbers as numbers.
        o.NumberHandling = JsonNumberHandling.Strict;
        o.Converters.Add(new GexUnitConverter());
        o.Converters.Add(new FiniteDoubleConverter());
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        return o;
    }

    private sealed class GexUnitConverter : JsonConverter<GexUnit>
    {
        public override GexUnit Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            GexUnits.TryParse(reader.GetString() ?? "", out var u) ? u : throw new JsonException($"Unknown GEX unit '{reader.GetString()}'.");

        public override void Write(Utf8JsonWriter writer, GexUnit value, JsonSerializerOptions options) => writer.WriteStringValue(GexUnits.Code(value));
    }

    /// <summary>A number that is not finite has no JSON form: written as null, so the page never sees NaN.</summary>
    private sealed class FiniteDoubleConverter : JsonConverter<double>
    {
        public override bool HandleNull => false;

        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteNullValue();
        }
    }
}
