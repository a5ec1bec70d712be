using System.Globalization;

namespace DealerFlow.Core.Chain;

/// <summary>A parsed OCC option symbol: root, expiry (yyMMdd), C/P, strike x 1000 in 8 digits.</summary>
public readonly record struct OccSymbol(string Root, DateOnly Expiry, OptionType Type, double Strike)
{
    /// <summary>Parses <c>SPXW240105C04700000</c> (spaces between root and date allowed, as in OSI padding).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out OccSymbol symbol)
    {
        symbol = default;
        text = text.Trim();
        if (text.Length < 16) return false;
        var tail = text[^15..];
        var root = text[..^15].TrimEnd();
        if (root.Length == 0 || root.Length > 6) return false;
        foreach (var ch in root)
        {
            if (!char.IsAsciiLetterOrDigit(ch)) return false;
        }
        if (!int.TryParse(tail[..2], NumberStyles.None, CultureInfo.InvariantCulture, out var yy)
            || !int.TryParse(tail[2..4], NumberStyles.None, CultureInfo.InvariantCulture, out var mm)
            || !int.TryParse(tail[4..6], NumberStyles.None, CultureInfo.InvariantCulture, out var dd))
        {
            return false;
        }

        if (mm is < 1 or > 12 || dd < 1 || dd > DateTime.DaysInMonth(2000 + yy, mm)) return false;
        OptionType type;
        switch (tail[6])
        {
            case 'C' or 'c': type = OptionType.Call; break;
            case 'P' or 'p': type = OptionType.Put; break;
            default: return false;
        }
        if (!long.TryParse(tail[7..], NumberStyles.None, CultureInfo.InvariantCulture, out var k1000) || k1000 <= 0)
            return false;
        symbol = new OccSymbol(root.ToString(), new DateOnly(2000 + yy, mm, dd), type, k1000 / 1000.0);
        return true;
    }

    /// <summary>The compact OCC form, for example <c>SPXW240105C04700000</c>.</summary>
    public static string Format(string root, DateOnly expiry, OptionType type, double strike) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{root}{expiry:yyMMdd}{(type == OptionType.Call ? 'C' : 'P')}{(long)Math.Round(strike * 1000):D8}");

    /// <summary>The compact OCC form of this symbol (<see cref="Format"/>), for example <c>SPXW240105C04700000</c>.</summary>
    public override string ToString() => Format(Root, Expiry, Type, Strike);
}
