using System.Text;
using System.Text.Json;

namespace DealerFlow.Data.Readers;

/// <summary>Format detection from content: JSON top-level keys, CSV header lines.</summary>
internal static class Detection
{
    public static bool IsJson(ReadOnlySpan<byte> data)
    {
        var t = data.TrimStart("\r\n\t "u8);
        return !t.IsEmpty && (t[0] == (byte)'{' || t[0] == (byte)'[');
    }

    public static bool TryDetect(ReadOnlySpan<byte> data, out ChainFormat format)
    {
        format = default;
        if (IsJson(data)) return TryDetectJson(data, out format);
        return TryDetectCsv(data, out format);
    }

    /// <summary>
    /// <see cref="TryDetect"/> from the first <see cref="ChainReader.DetectHeadBytes"/> bytes where that decides it, without
    /// tokenising a whole JSON document. The root keys in the head are a prefix of all of them, so a key that decides the
    /// format there decides it for the whole file, except that a Massive envelope later in the file would win: when the head
    /// says CBOE JSON, <paramref name="unlessMassive"/> is true and the caller must check the full key list
    /// (<see cref="MassiveJsonReader.LooksLikeSnapshot"/>) before trusting it. Any other undecided head falls back to
    /// <see cref="TryDetect"/> on all of <paramref name="data"/>.
    /// </summary>
    public static bool TryDetectFromHead(ReadOnlySpan<byte> data, out ChainFormat format, out bool unlessMassive)
    {
        unlessMassive = false;
        if (!IsJson(data) || data.Length <= ChainReader.DetectHeadBytes) return TryDetect(data, out format);
        if (TryDetectJson(TopLevelKeys(data[..ChainReader.DetectHeadBytes]), out format))
        {
            if (format == ChainFormat.Massive) return true;
            if (format == ChainFormat.CboeJson)
            {
                unlessMassive = true;
                return true;
            }
        }
        return TryDetect(data, out format);
    }

    private static bool TryDetectJson(ReadOnlySpan<byte> data, out ChainFormat format) => TryDetectJson(TopLevelKeys(data), out format);

    private static bool TryDetectJson(List<string> keys, out ChainFormat format)
    {
        format = default;
        if (MassiveJsonReader.LooksLikeSnapshot(keys))
        {
            format = ChainFormat.Massive;
            return true;
        }
        foreach (var key in keys)
        {
            switch (key)
            {
                case "callExpDateMap" or "putExpDateMap":
                    format = ChainFormat.Schwab;
                    return true;
                case "contracts":
                    format = ChainFormat.Normalized;
                    return true;
                case "data":
                    format = ChainFormat.CboeJson;
                    return true;
            }
        }
        return false;
    }

    /// <summary>Names of the root object's properties, as far as the (possibly truncated) data goes.</summary>
    public static List<string> TopLevelKeys(ReadOnlySpan<byte> data)
    {
        var keys = new List<string>();
        var reader = new Utf8JsonReader(data, isFinalBlock: false, new JsonReaderState(new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        }));
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return keys;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject) break;
                if (reader.TokenType != JsonTokenType.PropertyName) break;
                keys.Add(reader.GetString() ?? "");
                if (!reader.TrySkip()) break;
            }
        }
        catch (JsonException)
        {
            // Malformed or truncated: keep the keys seen so far.
        }
        return keys;
    }

    public static string DescribeJson(ReadOnlySpan<byte> data)
    {
        var t = data.TrimStart("\r\n\t "u8);
        if (t[0] == (byte)'[') return "a JSON array, not an object";
        var keys = TopLevelKeys(data);
        if (keys.Count == 0) return "a JSON object with no properties (or malformed JSON)";
        // The count, not the names: property names are the file's text, and this message reaches the live server's API.
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"a JSON object whose {keys.Count} top-level propert{(keys.Count == 1 ? "y is" : "ies are")} none of those");
    }

    private static bool TryDetectCsv(ReadOnlySpan<byte> data, out ChainFormat format)
    {
        format = default;
        var head = data[..Math.Min(data.Length, ChainReader.DetectHeadBytes)];
        var reader = new Utf8CsvReader(head);
        var fields = new CsvFields();
        var nonBlank = 0;
        while (nonBlank < 16 && reader.Read(fields, out _))
        {
            if (fields.IsBlank(head)) continue;
            nonBlank++;
            if (CboeCsvReader.IsHeader(head, fields))
            {
                format = ChainFormat.CboeCsv;
                return true;
            }
            if (nonBlank == 1)
            {
                var names = new List<string>(fields.Count);
                for (var i = 0; i < fields.Count; i++) names.Add(fields.GetString(head, i));
                if (NamedCsvReader.LooksLikeYFinance(names))
                {
                    format = ChainFormat.YFinance;
                    return true;
                }
                if (NamedCsvReader.LooksLikeNormalized(names))
                {
                    format = ChainFormat.Normalized;
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>Cell text decoded for cold paths (headers, date lines).</summary>
    public static string Utf8(ReadOnlySpan<byte> s) => Encoding.UTF8.GetString(s);
}
