using System.Globalization;

namespace DealerFlow.Core.Chain;

/// <summary>
/// The one spelling of an underlying symbol, whatever the source wrote: every reader, live source and API route goes
/// through <see cref="TryNormalize"/>, so a symbol read from a file, polled from CBOE and asked for in a URL is the
/// same key. Rules: surrounding white space is dropped; the vendor prefixes <c>_</c> (CBOE <c>_SPX</c>), <c>^</c>
/// (Yahoo <c>^SPX</c>) and <c>$</c> (Schwab <c>$SPX.X</c>, with its <c>.X</c> suffix) are dropped; letters are upper
/// case; a share-class slash becomes a dot (<c>BRK/B</c> is <c>BRK.B</c>, which a URL path can carry). What is left
/// must be 1 to <see cref="MaxLength"/> characters of A-Z, 0-9 and inner dots; anything else is rejected with the reason.
/// </summary>
public static class UnderlyingSymbol
{
    /// <summary>The longest symbol accepted.</summary>
    public const int MaxLength = 12;

    /// <summary>The normalised symbol, or false with why <paramref name="raw"/> is not one (the reason never repeats the text).</summary>
    public static bool TryNormalize(string? raw, out string symbol, out string reason)
    {
        symbol = "";
        var s = (raw ?? "").Trim();
        var dollar = s.StartsWith('$');
        s = s.TrimStart('_', '^', '$');
        if (dollar && s.EndsWith(".X", StringComparison.OrdinalIgnoreCase)) s = s[..^2];
        s = s.Replace('/', '.').ToUpperInvariant();
        if (s.Length == 0)
        {
            reason = "is empty (after dropping white space and the _ ^ $ prefixes)";
            return false;
        }
        if (s.Length > MaxLength)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"has {s.Length} characters; a symbol has at most {MaxLength}");
            return false;
        }
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c is (>= 'A' and <= 'Z') or (>= '0' and <= '9')) continue;
            if (c == '.' && i > 0 && i < s.Length - 1 && s[i - 1] != '.') continue;
            reason = string.Create(CultureInfo.InvariantCulture,
                $"has {(c == '.' ? "a leading, trailing or doubled dot" : char.IsControl(c) || char.IsWhiteSpace(c) ? $"the control or space character U+{(int)c:X4}" : $"the character U+{(int)c:X4}")} at position {i + 1}; a symbol is letters, digits and inner dots (BRK.B)");
            return false;
        }
        symbol = s;
        reason = "";
        return true;
    }

    /// <summary><see cref="TryNormalize"/> that throws <see cref="ArgumentException"/> with the reason.</summary>
    public static string Normalize(string raw) =>
        TryNormalize(raw, out var s, out var why) ? s : throw new ArgumentException($"'{raw}' is not an underlying symbol: it {why}.", nameof(raw));
}
