using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace DealerFlow.Data.Readers;

/// <summary>
/// Reads option-chain files (CBOE CSV and JSON, Schwab/TD Ameritrade JSON, yfinance CSV, DealerFlow's
/// normalized CSV/JSON; any of them gzip-compressed) into a <see cref="DealerFlow.Core.Chain.ChainSnapshot"/>
/// with per-row problems. Formats and their assumptions: docs/formats.md.
/// </summary>
public static class ChainReader
{
    /// <summary>How much of a file <see cref="Detect"/> needs to see (the CBOE header is within the first lines).</summary>
    public const int DetectHeadBytes = 64 * 1024;

    /// <summary>Reads a chain file. Throws <see cref="ChainReadException"/> (and nothing else) when it cannot.</summary>
    public static ChainReadResult Read(string path, ReadOptions? options = null)
    {
        var name = string.IsNullOrEmpty(path) ? "(no path)" : Path.GetFileName(path);
        byte[] bytes;
        try
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or System.Security.SecurityException)
        {
            var why = ex switch
            {
                FileNotFoundException => "the file does not exist",
                DirectoryNotFoundException => "its directory does not exist",
                UnauthorizedAccessException => "access is denied (or it is a directory)",
                ArgumentException => "the path is empty or invalid",
                _ => "it could not be read (" + ex.Message + ")",
            };
            throw new ChainReadException($"Cannot read option chain '{path}': {why}.", ex);
        }
        return ReadBytes(bytes, name, options ?? new ReadOptions());
    }

    /// <summary>Reads a chain from a stream; <paramref name="name"/> names it in messages.</summary>
    public static ChainReadResult Read(Stream stream, string name, ReadOptions? options = null)
    {
        name = string.IsNullOrWhiteSpace(name) ? "(stream)" : name;
        byte[] bytes;
        try
        {
            ArgumentNullException.ThrowIfNull(stream);
            using var ms = new MemoryStream();
            stream.CopyTo(ms);
            bytes = ms.ToArray();
        }
        catch (Exception ex) when (ex is IOException or NotSupportedException or ObjectDisposedException or ArgumentException)
        {
            throw new ChainReadException($"Cannot read option chain '{name}': the stream could not be read ({ex.Message}).", ex);
        }
        return ReadBytes(bytes, name, options ?? new ReadOptions());
    }

    /// <summary>
    /// The format of a file from its first bytes (gzip is looked through); see <see cref="DetectHeadBytes"/>.
    /// Throws <see cref="ChainReadException"/> when the content matches no known format.
    /// </summary>
    public static ChainFormat Detect(ReadOnlySpan<byte> head)
    {
        if (TryDetect(head, out var format)) return format;
        throw new ChainReadException($"Not an option chain: expected {Expected}; found {Describe(Gunzip(head, DetectHeadBytes, out _))}.");
    }

    /// <summary>Like <see cref="Detect"/>, without throwing.</summary>
    public static bool TryDetect(ReadOnlySpan<byte> head, out ChainFormat format)
    {
        var text = Gunzip(head, DetectHeadBytes, out _);
        return Detection.TryDetect(StripBom(text), out format);
    }

    private const string Expected =
        "a CBOE quote-table CSV (a header line starting 'Expiration Date,Calls'), a yfinance or DealerFlow normalized CSV " +
        "(a header naming contractSymbol/impliedVolatility, or symbol|strike and open_interest), " +
        "or JSON with 'callExpDateMap' (Schwab/TD), 'data.options' (CBOE), 'results' (Massive/Polygon) or 'contracts' (DealerFlow)";

    private static ChainReadResult ReadBytes(byte[] raw, string name, ReadOptions options)
    {
        try
        {
            var data = StripBom(Gunzip(raw, int.MaxValue, out var wasGzip));
            ChainFormat format;
            var unlessMassive = false;
            if (options.Format is { } forced)
            {
                format = forced;
            }
            else if (!Detection.TryDetectFromHead(data, out format, out unlessMassive))
            {
                if (options.ColumnMap is not null && !Detection.IsJson(data) && !data.IsEmpty)
                {
                    format = ChainFormat.Normalized;
                }
                else
                {
                    throw new ChainReadException(
                        $"'{name}' is not an option chain: expected {Expected}; found {Describe(data)}{(wasGzip ? " (after gunzip)" : "")}.");
                }
            }
            var result = format switch
            {
                ChainFormat.CboeCsv => CboeCsvReader.Read(data, name, options),
                ChainFormat.CboeJson => ReadCboeJson(data, name, options, unlessMassive),
                ChainFormat.Schwab => SchwabJsonReader.Read(data, name, options),
                ChainFormat.Massive => MassiveJsonReader.Read(data, name, options),
                ChainFormat.YFinance => NamedCsvReader.Read(data, name, options, ChainFormat.YFinance),
                ChainFormat.Normalized => Detection.IsJson(data)
                    ? NormalizedJsonReader.Read(data, name, options)
                    : NamedCsvReader.Read(data, name, options, ChainFormat.Normalized),
                _ => throw new ChainReadException($"'{name}': unknown format {format}."),
            };
            return TruncationOf(data, name) is { } cut ? WithTruncation(result, cut) : result;
        }
        catch (ChainReadException)
        {
            throw;
        }
        catch (JsonException ex)
        {
            // The parser's own message quotes the offending text; the position says where without it.
            throw new ChainReadException(
                $"'{name}' is not valid JSON: it breaks off or is malformed at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}.", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new ChainReadException($"'{name}' starts like a gzip file but is not a valid one: {ex.Message}", ex);
        }
        catch (Exception ex)
        {
            // Runtime messages can quote the input (FormatException does): the type names the failure without it.
            throw new ChainReadException($"'{name}' could not be read as an option chain ({ex.GetType().Name}).", ex);
        }
    }

    /// <summary>
    /// CBOE JSON through the streaming reader; a document it leaves to the document model goes there, and one whose root
    /// keys turn out to be a Massive page's (when the format was detected from the head) goes to the Massive reader, as
    /// detection over the whole file would have sent it.
    /// </summary>
    private static ChainReadResult ReadCboeJson(ReadOnlySpan<byte> data, string name, ReadOptions options, bool unlessMassive)
    {
        if (CboeJsonReader.TryStream(data, name, options, unlessMassive, out var streamed)) return streamed!;
        if (unlessMassive && Detection.TryDetect(data, out var format) && format == ChainFormat.Massive) return MassiveJsonReader.Read(data, name, options);
        return CboeJsonReader.Read(data, name, options);
    }

    /// <summary>
    /// A CSV file must end with a line break: a final row without one is where a writer stopped (or is still writing),
    /// and the row may be cut anywhere, even inside a number that still parses. JSON that is cut short does not parse.
    /// </summary>
    private static string? TruncationOf(ReadOnlySpan<byte> data, string name)
    {
        if (data.IsEmpty || Detection.IsJson(data)) return null;
        var last = data[^1];
        if (last is (byte)'\n' or (byte)'\r') return null;
        var lineStart = data.LastIndexOfAny((byte)'\n', (byte)'\r') + 1;
        var lineNumber = 1 + data.Count((byte)'\n');
        var tail = data[lineStart..];
        if (tail.Trim("\t "u8).IsEmpty) return null;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"'{name}' looks cut short: its final row (line {lineNumber}, {tail.Length} bytes) ends without a line break, so the file was still being written or its writer stopped mid-row");
    }

    private static ChainReadResult WithTruncation(ChainReadResult r, string cut) => new()
    {
        Snapshot = r.Snapshot,
        Format = r.Format,
        RowsRead = r.RowsRead,
        ContractsRead = r.ContractsRead,
        Problems = r.Problems,
        Truncated = cut,
    };

    /// <summary>The data itself, or its decompressed form when it starts with the gzip magic bytes 1f 8b.</summary>
    private static ReadOnlySpan<byte> Gunzip(ReadOnlySpan<byte> data, int maxBytes, out bool wasGzip)
    {
        wasGzip = data.Length >= 2 && data[0] == 0x1f && data[1] == 0x8b;
        if (!wasGzip) return data;
        using var output = new MemoryStream();
        using var input = new MemoryStream(data.ToArray(), writable: false);
        using var gz = new GZipStream(input, CompressionMode.Decompress);
        var buf = new byte[81920];
        try
        {
            int n;
            while (output.Length < maxBytes && (n = gz.Read(buf, 0, buf.Length)) > 0) output.Write(buf, 0, n);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException && maxBytes != int.MaxValue)
        {
            // A head cut short mid-stream: detect from what decompressed.
        }
        return output.ToArray();
    }

    private static ReadOnlySpan<byte> StripBom(ReadOnlySpan<byte> d) =>
        d.StartsWith("\uFEFF"u8) ? d[3..] : d;

    /// <summary>
    /// What a file that is not a chain looks like, for the error message: its shape (empty, binary, JSON, lines), never
    /// its text, because the message reaches the live server's API and a stray file may hold anything (a password).
    /// </summary>
    internal static string Describe(ReadOnlySpan<byte> data)
    {
        if (data.Trim("\r\n\t "u8).IsEmpty) return data.IsEmpty ? "an empty file" : "a file holding only blank lines";
        if (data[..Math.Min(data.Length, 512)].Contains((byte)0)) return "binary data, not text";
        if (Detection.IsJson(data)) return Detection.DescribeJson(data);
        var lead = data.Length - data.TrimStart("\r\n\t "u8).Length;
        var t = data[lead..];
        var end = t.IndexOfAny((byte)'\r', (byte)'\n');
        var line = 1 + data[..lead].Count((byte)'\n');
        var length = Encoding.UTF8.GetCharCount(end < 0 ? t : t[..end]);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"text whose first non-blank line (line {line}, {length} characters) is none of those headers");
    }
}
