namespace DealerFlow.Core.Time;

/// <summary>
/// US/Eastern wall-clock time to instants, with the US daylight-saving rules in force since 2007
/// (second Sunday of March 02:00 to first Sunday of November 02:00) and 1987-2006 (first Sunday of
/// April to last Sunday of October). Pure rules: no dependency on the machine's time-zone database.
/// </summary>
public static class UsEastern
{
    private static readonly TimeSpan Est = TimeSpan.FromHours(-5);
    private static readonly TimeSpan Edt = TimeSpan.FromHours(-4);

    /// <summary>UTC offset in force at local wall-clock time <paramref name="local"/> (EST -5h or EDT -4h).</summary>
    public static TimeSpan OffsetAt(DateTime local)
    {
        var (start, end) = DstBounds(local.Year);
        return local >= start && local < end ? Edt : Est;
    }

    /// <summary>The instant of a US/Eastern wall-clock time.</summary>
    public static DateTimeOffset At(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, OffsetAt(local));
    }

    /// <summary>An instant seen on a US/Eastern wall clock.</summary>
    public static DateTimeOffset ToEastern(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        var asEst = utc + Est;
        var asEdt = utc + Edt;
        var (start, end) = DstBounds(asEst.Year);
        // DST is in force when the EST reading is at or after 02:00 EST on the start day and the
        // EDT reading is before 02:00 EDT on the end day.
        var inDst = asEst >= start && asEdt < end;
        return new DateTimeOffset(DateTime.SpecifyKind(inDst ? asEdt : asEst, DateTimeKind.Unspecified), inDst ? Edt : Est);
    }

    private static (DateTime Start, DateTime End) DstBounds(int year)
    {
        if (year >= 2007)
            return (NthSunday(year, 3, 2).AddHours(2), NthSunday(year, 11, 1).AddHours(2));
        if (year >= 1987)
            return (NthSunday(year, 4, 1).AddHours(2), LastSunday(year, 10).AddHours(2));
        return (DateTime.MaxValue, DateTime.MaxValue);
    }

    private static DateTime NthSunday(int year, int month, int n)
    {
        var first = new DateTime(year, month, 1);
        var offset = ((int)DayOfWeek.Sunday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + 7 * (n - 1));
    }

    private static DateTime LastSunday(int year, int month)
    {
        var last = new DateTime(year, month, DateTime.DaysInMonth(year, month));
        return last.AddDays(-(int)last.DayOfWeek);
    }
}
