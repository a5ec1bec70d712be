using System.Text.RegularExpressions;

namespace DealerFlow.Cli.Commands;

/// <summary>Parsing of option values shared by several commands; a bad value is a <see cref="UsageException"/>.</summary>
internal static partial class CliParse
{
    [GeneratedRegex(@"(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex ExplicitOffset();

    [GeneratedRegex(@"^([+-])(\d{2}):(\d{2})$")]
    private static partial Regex OffsetText();

    /// <summary>An ISO-8601 instant that states its offset (Z or +hh:mm): a local time would silently shift T.</summary>
    public static DateTimeOffset Instant(string text, string option) =>
        TryInstant(text, out var instant) ? instant
            : throw new UsageException($"{option} '{text}' is not an ISO-8601 instant with its offset, such as 2024-01-05T16:00-05:00 or 2024-01-05T21:00Z.");

    public static bool TryInstant(string text, out DateTimeOffset instant)
    {
        var t = text.Trim();
        instant = default;
        return t.Length > 10 && ExplicitOffset().IsMatch(t)
            && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant);
    }

    /// <summary>A UTC offset written +hh:mm or -hh:mm (or utc / Z), within +/-14 hours.</summary>
    public static TimeSpan Offset(string text, string option)
    {
        var t = text.Trim();
        if (t.Equals("utc", StringComparison.OrdinalIgnoreCase) || t == "Z") return TimeSpan.Zero;
        var m = OffsetText().Match(t);
        if (m.Success)
        {
            var offset = new TimeSpan(int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), 0);
            if (m.Groups[1].Value == "-") offset = -offset;
            if (Math.Abs(offset.TotalHours) <= 14 && offset.Minutes % 15 == 0) return offset;
        }
        throw new UsageException($"{option} '{text}' is not a UTC offset such as +00:00 or -05:00 (hours and minutes, within 14 hours).");
    }
}
