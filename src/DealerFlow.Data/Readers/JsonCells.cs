using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace DealerFlow.Data.Readers;

/// <summary>JSON property values as UTF-8 cells, so JSON and CSV share one set of number rules.</summary>
internal static class JsonCells
{
    public static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
    };

    /// <summary>
    /// The property's value as text: a number's literal, a string's content, empty for a missing property or
    /// null. Objects, arrays and booleans come back as their raw JSON, which then fails number parsing.
    /// </summary>
    public static ReadOnlySpan<byte> Cell(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v)) return [];
        return Cell(v);
    }

    public static ReadOnlySpan<byte> Cell(JsonElement v)
    {
        switch (v.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return [];
            case JsonValueKind.String:
                var raw = JsonMarshal.GetRawUtf8Value(v);
                var inner = raw[1..^1];
                return inner.Contains((byte)'\\') ? Encoding.UTF8.GetBytes(v.GetString() ?? "") : inner;
            default:
                return JsonMarshal.GetRawUtf8Value(v);
        }
    }

    /// <summary>A string-valued property (a number is accepted as its literal); null when missing or null.</summary>
    public static string? Text(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v)) return null;
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        };
    }

    /// <summary>Finds a property by name, ignoring case.</summary>
    public static bool TryGetPropertyIgnoreCase(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.TryGetProperty(name, out value)) return true;
        foreach (var p in obj.EnumerateObject())
        {
            if (p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                value = p.Value;
                return true;
            }
        }
        value = default;
        return false;
    }
}
