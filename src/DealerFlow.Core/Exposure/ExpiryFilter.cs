namespace DealerFlow.Core.Exposure;

/// <summary>
/// Which expiries count. Days to expiry (DTE) are calendar days from the snapshot's US/Eastern date;
/// "next expiry" is the earliest unexpired expiry date in the chain; "next monthly" the earliest
/// unexpired third-Friday expiry. Conditions combine (all must hold).
/// </summary>
public sealed record ExpiryFilter
{
    public static readonly ExpiryFilter All = new();

    public int? MaxDte { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public bool ZeroDteOnly { get; init; }
    public bool ExNextExpiry { get; init; }
    public bool ExNextMonthly { get; init; }

    public bool IsAll => this == All;

    /// <summary>For example "all expiries" or "DTE &lt;= 7, ex-next-expiry".</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (ZeroDteOnly) parts.Add("0DTE only");
        if (MaxDte is { } m) parts.Add($"DTE <= {m}");
        if (From is { } f) parts.Add($"from {f:yyyy-MM-dd}");
        if (To is { } t) parts.Add($"to {t:yyyy-MM-dd}");
        if (ExNextExpiry) parts.Add("ex-next-expiry");
        if (ExNextMonthly) parts.Add("ex-next-monthly");
        return parts.Count == 0 ? "all expiries" : string.Join(", ", parts);
    }

    public bool Includes(DateOnly expiry, DateOnly today, DateOnly? nextExpiry, DateOnly? nextMonthly)
    {
        var dte = expiry.DayNumber - today.DayNumber;
        if (ZeroDteOnly && dte != 0) return false;
        if (MaxDte is { } m && dte > m) return false;
        if (From is { } f && expiry < f) return false;
        if (To is { } t && expiry > t) return false;
        if (ExNextExpiry && expiry == nextExpiry) return false;
        if (ExNextMonthly && expiry == nextMonthly) return false;
        return true;
    }

    /// <summary>True for a standard monthly expiry: the third Friday of its month.</summary>
    public static bool IsThirdFriday(DateOnly d) => d.DayOfWeek == DayOfWeek.Friday && d.Day is >= 15 and <= 21;
}
