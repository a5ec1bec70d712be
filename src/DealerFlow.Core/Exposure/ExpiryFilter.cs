namespace DealerFlow.Core.Exposure;

/// <summary>
/// Which expiries count. Days to expiry (DTE) are calendar days from the snapshot's US/Eastern date;
/// "next expiry" is the earliest unexpired expiry date in the chain; "next monthly" the earliest
/// unexpired third-Friday expiry. Conditions combine (all must hold).
/// </summary>
public sealed record ExpiryFilter
{
    /// <summary>No condition: every unexpired expiry counts.</summary>
    public static readonly ExpiryFilter All = new();

    /// <summary>Keep expiries at most this many calendar days after the snapshot's date (0 = same-day only); null = no limit.</summary>
    public int? MaxDte { get; init; }

    /// <summary>Keep expiries on or after this date; null = no lower bound.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Keep expiries on or before this date; null = no upper bound.</summary>
    public DateOnly? To { get; init; }

    /// <summary>Keep only expiries on the snapshot's date (DTE = 0).</summary>
    public bool ZeroDteOnly { get; init; }

    /// <summary>Drop the next expiry date (every settlement style on that date).</summary>
    public bool ExNextExpiry { get; init; }

    /// <summary>Drop the next monthly (third-Friday) expiry date.</summary>
    public bool ExNextMonthly { get; init; }

    /// <summary>True when no condition is set (value equality with <see cref="All"/>).</summary>
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

    /// <summary>
    /// True when <paramref name="expiry"/> passes every condition. DTE = <paramref name="expiry"/> - <paramref name="today"/>
    /// in calendar days; <paramref name="nextExpiry"/> and <paramref name="nextMonthly"/> are the chain's earliest
    /// unexpired expiry and third-Friday expiry (null when there is none, so the ex- conditions drop nothing).
    /// </summary>
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
