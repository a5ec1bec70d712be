using System.Buffers.Text;
using System.Globalization;

namespace DealerFlow.Data.Readers;

internal enum NumStatus : byte
{
    Ok,
    Empty,
    Invalid,
    NotFinite,
}

/// <summary>Number parsing straight from UTF-8 bytes.</summary>
internal static class Num
{
    private static readonly double[] Pow10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>
    /// Parses a decimal number. Spaces around it are ignored; thousands separators are accepted only in
    /// the strict form <c>1,234,567</c>. "NaN" and infinities come back as <see cref="NumStatus.NotFinite"/>.
    /// </summary>
    public static NumStatus Parse(ReadOnlySpan<byte> s, out double value)
    {
        value = double.NaN;
        s = s.Trim((byte)' ');
        if (s.IsEmpty) return NumStatus.Empty;
        if (TryFast(s, out value)) return NumStatus.Ok;
        if (s.Contains((byte)','))
        {
            Span<byte> buf = stackalloc byte[64];
            if (s.Length > buf.Length || !TryStripThousands(s, buf, out var n))
            {
                value = double.NaN;
                return NumStatus.Invalid;
            }
            return ParseSlow(buf[..n], out value);
        }
        return ParseSlow(s, out value);
    }

    private static NumStatus ParseSlow(ReadOnlySpan<byte> s, out double value)
    {
        if (TryFast(s, out value)) return NumStatus.Ok;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            value = double.NaN;
            return NumStatus.Invalid;
        }
        if (double.IsFinite(value)) return NumStatus.Ok;
        value = double.NaN;
        return NumStatus.NotFinite;
    }

    /// <summary>
    /// Exact fast path for <c>[-+]digits[.digits]</c> with at most 15 significant digits: the integer
    /// mantissa and the power of ten are both exact doubles, so one division is correctly rounded.
    /// </summary>
    private static bool TryFast(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (s[0] == (byte)'-' || s[0] == (byte)'+')
        {
            negative = s[0] == (byte)'-';
            i = 1;
        }
        long mantissa = 0;
        var digits = 0;
        var fraction = -1;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            var dgt = (uint)(c - '0');
            if (dgt <= 9)
            {
                mantissa = mantissa * 10 + dgt;
                digits++;
                if (fraction >= 0) fraction++;
            }
            else if (c == (byte)'.' && fraction < 0)
            {
                fraction = 0;
            }
            else
            {
                return false;
            }
        }
        if (digits == 0 || digits > 15) return false;
        var v = fraction > 0 ? mantissa / Pow10[fraction] : mantissa;
        value = negative ? -v : v;
        return true;
    }

    private static bool TryStripThousands(ReadOnlySpan<byte> s, Span<byte> dest, out int n)
    {
        n = 0;
        var end = s.IndexOf((byte)'.');
        var intPart = end < 0 ? s : s[..end];
        var start = intPart.Length > 0 && (intPart[0] == (byte)'-' || intPart[0] == (byte)'+') ? 1 : 0;
        // Groups: 1-3 digits, then groups of exactly 3 after each comma.
        var group = 0;
        var first = true;
        for (var i = start; i < intPart.Length; i++)
        {
            var c = intPart[i];
            if (c == (byte)',')
            {
                if (first ? group is < 1 or > 3 : group != 3) return false;
                first = false;
                group = 0;
                continue;
            }
            if ((uint)(c - '0') > 9) return false;
            group++;
            dest[n++] = c;
        }
        if (first || group != 3) return false;
        if (start == 1)
        {
            dest[..n].CopyTo(dest[1..]);
            dest[0] = intPart[0];
            n++;
        }
        if (end >= 0)
        {
            var rest = s[end..];
            if (rest.Contains((byte)',')) return false;
            rest.CopyTo(dest[n..]);
            n += rest.Length;
        }
        return true;
    }

    /// <summary>Parses an integer (epoch milliseconds and the like).</summary>
    public static bool TryParseLong(ReadOnlySpan<byte> s, out long value) =>
        Utf8Parser.TryParse(s.Trim((byte)' '), out value, out var consumed) && consumed == s.Trim((byte)' ').Length;
}
