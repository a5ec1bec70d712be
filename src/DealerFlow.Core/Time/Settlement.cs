using DealerFlow.Core.Chain;

namespace DealerFlow.Core.Time;

/// <summary>Settlement instants and time to expiry (docs/domain.md section 3).</summary>
public static class Settlement
{
    /// <summary>Minutes in a 365-day year: T is measured in these years, to the minute.</summary>
    public const double MinutesPerYear = 365.0 * 24 * 60;

    private static readonly TimeOnly AmSettle = new(9, 30);
    private static readonly TimeOnly PmSettle = new(16, 0);

    /// <summary>
    /// AM for the monthly index roots settled at the open (SPX, NDX, RUT, DJX, VIX); PM (16:00 ET)
    /// for everything else: SPXW, NDXP, RUTW, ETFs and equities.
    /// </summary>
    public static SettlementStyle StyleOf(string root, DateOnly expiry) => root switch
    {
        "SPX" or "NDX" or "RUT" or "DJX" or "VIX" => SettlementStyle.AM,
        _ => SettlementStyle.PM,
    };

    /// <summary>
    /// The instant a contract settles: 09:30 or 16:00 US/Eastern on its settlement date, which is its expiry date, or for
    /// the Saturday expiry dates of old files (standard monthlies before 2015 expired on the Saturday after the third
    /// Friday, trading and settling on the Friday) the last exchange session before that Saturday.
    /// </summary>
    public static DateTimeOffset ExpiryInstant(DateOnly expiry, SettlementStyle style) =>
        UsEastern.At(SettlementDate(expiry), style == SettlementStyle.AM ? AmSettle : PmSettle);

    /// <summary>The date a contract settles on: its expiry date, or for a Saturday expiry the last session before it (the Friday, Thursday when that Friday is a holiday).</summary>
    public static DateOnly SettlementDate(DateOnly expiry) =>
        expiry.DayOfWeek == DayOfWeek.Saturday ? Calendar.TradingCalendar.SessionOnOrBefore(expiry.AddDays(-1)) : expiry;

    /// <summary>Time to expiry in years of 365 days, counted in whole minutes; &lt;= 0 means expired.</summary>
    public static double YearsToExpiry(DateTimeOffset now, DateOnly expiry, SettlementStyle style)
    {
        var minutes = Math.Floor((ExpiryInstant(expiry, style) - now).TotalMinutes);
        return minutes / MinutesPerYear;
    }
}
