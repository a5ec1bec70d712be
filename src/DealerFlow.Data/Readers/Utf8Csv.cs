using System.Text;

namespace DealerFlow.Data.Readers;

/// <summary>The fields of one CSV record, as ranges into the reader's buffer (no string per field).</summary>
internal sealed class CsvFields
{
    private int[] _start = new int[32];
    private int[] _length = new int[32];

    public int Count { get; private set; }

    public void Clear() => Count = 0;

    public void Add(int start, int length)
    {
        if (Count == _start.Length)
        {
            Array.Resize(ref _start, Count * 2);
            Array.Resize(ref _length, Count * 2);
        }
        _start[Count] = start;
        _length[Count] = length;
        Count++;
    }

    /// <summary>Field <paramref name="i"/> without its quotes; empty when the record is shorter.</summary>
    public ReadOnlySpan<byte> Get(ReadOnlySpan<byte> data, int i) =>
        (uint)i < (uint)Count ? data.Slice(_start[i], _length[i]) : [];

    /// <summary>Number of fields once trailing empty fields (trailing commas) are ignored.</summary>
    public int CountIgnoringTrailingEmpty()
    {
        var n = Count;
        while (n > 0 && _length[n - 1] == 0) n--;
        return n;
    }

    /// <summary>True when the record is a blank line (one empty or all-space field).</summary>
    public bool IsBlank(ReadOnlySpan<byte> data) => Count == 0 || (Count == 1 && Get(data, 0).Trim((byte)' ').IsEmpty);

    /// <summary>Field <paramref name="i"/> as text, with doubled quotes undone and spaces trimmed (cold paths only).</summary>
    public string GetString(ReadOnlySpan<byte> data, int i) =>
        Encoding.UTF8.GetString(Get(data, i)).Replace("\"\"", "\"", StringComparison.Ordinal).Trim();
}

/// <summary>
/// A forward-only RFC 4180 CSV tokenizer over UTF-8 bytes: comma separated, double-quoted fields may hold
/// commas, doubled quotes and line breaks; LF or CRLF line ends. Tracks 1-based line numbers.
/// </summary>
internal ref struct Utf8CsvReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;
    private int _line;

    public Utf8CsvReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _line = 1;
    }

    /// <summary>Byte offset of the next record.</summary>
    public readonly int Position => _pos;

    /// <summary>Reads the next record into <paramref name="fields"/>; false at the end of the data.</summary>
    /// <param name="fields">Receives the field ranges.</param>
    /// <param name="line">The 1-based line the record starts on.</param>
    public bool Read(CsvFields fields, out int line)
    {
        fields.Clear();
        line = _line;
        var d = _data;
        var p = _pos;
        if (p >= d.Length) return false;
        while (true)
        {
            if (p < d.Length && d[p] == (byte)'"')
            {
                var s = p + 1;
                var q = s;
                while (true)
                {
                    var k = d[q..].IndexOf((byte)'"');
                    if (k < 0)
                    {
                        q = d.Length;
                        break;
                    }
                    q += k;
                    if (q + 1 < d.Length && d[q + 1] == (byte)'"')
                    {
                        q += 2;
                        continue;
                    }
                    break;
                }
                fields.Add(s, q - s);
                _line += d[s..q].Count((byte)'\n');
                p = Math.Min(q + 1, d.Length);
                // Anything between the closing quote and the delimiter (a stray \r, spaces) is ignored.
                var k2 = d[p..].IndexOfAny((byte)',', (byte)'\n');
                p = k2 < 0 ? d.Length : p + k2;
            }
            else
            {
                var k = d[p..].IndexOfAny((byte)',', (byte)'\n');
                var e = k < 0 ? d.Length : p + k;
                var len = e - p;
                if (len > 0 && d[e - 1] == (byte)'\r' && (e == d.Length || d[e] == (byte)'\n')) len--;
                fields.Add(p, len);
                p = e;
            }
            if (p >= d.Length)
            {
                _pos = p;
                _line++;
                return true;
            }
            if (d[p] == (byte)',')
            {
                p++;
                if (p == d.Length)
                {
                    fields.Add(p, 0);
                    _pos = p;
                    _line++;
                    return true;
                }
                continue;
            }
            _pos = p + 1;
            _line++;
            return true;
        }
    }
}
