using System.Text.Json;

namespace DealerFlow.Data.Readers;

/// <summary>
/// The pages of one Massive (Polygon) chain snapshot: each page's <c>next_url</c>, and the pages merged into the one
/// document <see cref="ChainReader"/> reads (every page's <c>results</c> in order, the first page's <c>status</c>, no
/// <c>next_url</c>). This type is stateless and thread-safe.
/// </summary>
public static class MassivePages
{
    /// <summary>The page's <c>next_url</c>; null on the last page. Throws <see cref="ChainReadException"/> when the page is not a snapshot object.</summary>
    public static string? NextUrl(ReadOnlyMemory<byte> page, string name)
    {
        using var doc = Parse(page, name);
        return JsonCells.Text(doc.RootElement, "next_url") is { Length: > 0 } next ? next : null;
    }

    /// <summary>The pages as one snapshot document, the contracts in page order.</summary>
    public static byte[] Merge(IReadOnlyList<ReadOnlyMemory<byte>> pages, string name)
    {
        ArgumentNullException.ThrowIfNull(pages);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("results");
            string? status = null;
            for (var i = 0; i < pages.Count; i++)
            {
                using var doc = Parse(pages[i], $"{name} page {i + 1}");
                status ??= JsonCells.Text(doc.RootElement, "status");
                if (!doc.RootElement.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
                    throw new ChainReadException($"'{name}' page {i + 1} is not a Massive snapshot page: it has no results array.");
                foreach (var contract in results.EnumerateArray()) contract.WriteTo(w);
            }
            w.WriteEndArray();
            if (status is not null) w.WriteString("status", status);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> page, string name)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(page, JsonCells.DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new ChainReadException($"'{name}' is not JSON: {e.Message}");
        }
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            doc.Dispose();
            throw new ChainReadException($"'{name}' is not a Massive snapshot page: expected a JSON object.");
        }
        return doc;
    }
}
