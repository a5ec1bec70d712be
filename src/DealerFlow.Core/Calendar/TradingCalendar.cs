using DealerFlow.Core.Time;

namespace DealerFlow.Core.Calendar;

/// <summary>A day the exchange is closed on a weekday, with its name.</summary>
public readonly record struct Holiday(DateOnly Date, string Name);

/// <summary>
/// The NYSE calendar by rule: full-day holidays with their weekend observance, the special closure of
/// 2025-01-09, and the 13:00 ET early closes. Sessions open at 09:30 ET and close at 16:00 ET (13:00 on
/// an early close). Pure rules, no table: valid from 1970 on for the regular holidays (Juneteenth from 2022).
/// </summary>
public static class TradingCalendar
{
    /// <summary>Regular opening time, US/Eastern.</summary>
    public static readonly TimeOnly Open = new(9, 30);

    /// <summary>Regular closing time, US/Eastern.</summary>
    public static readonly TimeOnly RegularClose = new(16, 0);

    /// <summary>Closing time on an early-close day, US/Eastern.</summary>
    public static readonly TimeOnly EarlyClose = new(13, 0);

    /// <summary>Weekday closures not given by rule (national days of mourning, emergencies) since 2001.</summary>
    private static readonly Holiday[] SpecialClosures =
    [
        new(new DateOnly(2001, 9, 11), "September 11 attacks"),
        new(new DateOnly(2001, 9, 12), "September 11 attacks"),
        new(new DateOnly(2001, 9, 13), "September 11 attacks"),
        new(new DateOnly(2001, 9, 14), "September 11 attacks"),
        new(new DateOnly(2004, 6, 11), "National Day of Mourning (President Reagan)"),
        new(new DateOnly(2007, 1, 2), "National Day of Mourning (President Ford)"),
        new(new DateOnly(2012, 10, 29), "Hurricane Sandy"),
        new(new DateOnly(2012, 10, 30), "Hurricane Sandy"),
        new(new DateOnly(2018, 12, 5), "National Day of Mourning (President George H. W. Bush)"),
        new(new DateOnly(2025, 1, 9), "National Day of Mourning (President Carter)"),
    ];

    /// <summary>The exchange's weekday closures in <paramref name="year"/>, in date order.</summary>
    public static IReadOnlyList<Holiday> Holidays(int year) => ByYear.GetOrAdd(year, ComputeHolidays);

    /// <summary>Each year's closures, computed once (every session test asks for them; a levels report makes a few).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, IReadOnlyList<Holiday>> ByYear = new();

    private static IReadOnlyList<Holiday> ComputeHolidays(int year)
    {
        var list = new List<Holiday>(12);
        // New Year's Day: a Sunday is observed on Monday; a Saturday is not observed (NYSE rule 7.2: no Friday Dec 31 closure).
        var newYear = new DateOnly(year, 1, 1);
        if (newYear.DayOfWeek == DayOfWeek.Sunday) list.Add(new(newYear.AddDays(1), "New Year's Day (observed)"));
        else if (newYear.DayOfWeek != DayOfWeek.Saturday) list.Add(new(newYear, "New Year's Day"));
        list.Add(new(NthWeekday(year, 1, DayOfWeek.Monday, 3), "Martin Luther King Jr. Day"));
        list.Add(new(NthWeekday(year, 2, DayOfWeek.Monday, 3), "Washington's Birthday"));
        list.Add(new(EasterSunday(year).AddDays(-2), "Good Friday"));
        list.Add(new(LastWeekday(year, 5, DayOfWeek.Monday), "Memorial Day"));
        if (year >= 2022) list.Add(Observed(new DateOnly(year, 6, 19), "Juneteenth National Independence Day"));
        list.Add(Observed(new DateOnly(year, 7, 4), "Independence Day"));
        list.Add(new(NthWeekday(year, 9, DayOfWeek.Monday, 1), "Labor Day"));
        list.Add(new(NthWeekday(year, 11, DayOfWeek.Thursday, 4), "Thanksgiving Day"));
        list.Add(Observed(new DateOnly(year, 12, 25), "Christmas Day"));
        list.AddRange(SpecialClosures.Where(h => h.Date.Year == year));
        list.Sort((a, b) => a.Date.CompareTo(b.Date));
        return list.AsReadOnly();
    }

    /// <summary>The holiday on <paramref name="date"/>, or null when the exchange is not closed for one that day.</summary>
    public static Holiday? HolidayOn(DateOnly date)
    {
        foreach (var h in Holidays(date.Year))
        {
            if (h.Date == date) return h;
        }
        return null;
    }

    /// <summary>True when the exchange holds a session on <paramref name="date"/> (a weekday that is not a holiday).</summary>
    public static bool IsSession(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && HolidayOn(date) is null;

    /// <summary>
    /// True when <paramref name="date"/> is a session that closes at 13:00 ET: the day after Thanksgiving, and
    /// Dec 24 and Jul 3 when they are sessions.
    /// </summary>
    public static bool IsEarlyClose(DateOnly date)
    {
        if (!IsSession(date)) return false;
        if (date == NthWeekday(date.Year, 11, DayOfWeek.Thursday, 4).AddDays(1)) return true;
        return (date.Month, date.Day) is (12, 24) or (7, 3);
    }

    /// <summary>The early closes of <paramref name="year"/>, in date order.</summary>
    public static IReadOnlyList<DateOnly> EarlyCloses(int year)
    {
        DateOnly[] candidates = [new(year, 7, 3), NthWeekday(year, 11, DayOfWeek.Thursday, 4).AddDays(1), new(year, 12, 24)];
        return candidates.Where(IsEarlyClose).ToList();
    }

    /// <summary>Closing time of a session, US/Eastern.</summary>
    public static TimeOnly CloseOf(DateOnly session) => IsEarlyClose(session) ? EarlyClose : RegularClose;

    /// <summary>The last session on or before <paramref name="date"/>.</summary>
    public static DateOnly SessionOnOrBefore(DateOnly date)
    {
        while (!IsSession(date)) date = date.AddDays(-1);
        return date;
    }

    /// <summary>The session before <paramref name="session"/>.</summary>
    public static DateOnly PreviousSession(DateOnly session) => SessionOnOrBefore(session.AddDays(-1));

    /// <summary>The session after <paramref name="session"/>.</summary>
    public static DateOnly NextSession(DateOnly session)
    {
        var d = session.AddDays(1);
        while (!IsSession(d)) d = d.AddDays(1);
        return d;
    }

    /// <summary>
    /// The session an instant belongs to: the last session that had opened (09:30 ET) at that instant. A Saturday
    /// fetch belongs to Friday's session, 01:28 UTC on a Tuesday to Monday's, 08:00 ET on a session day to the day before.
    /// </summary>
    public static DateOnly SessionOf(DateTimeOffset instant)
    {
        var local = UsEastern.ToEastern(instant).DateTime;
        var date = DateOnly.FromDateTime(local);
        if (IsSession(date) && TimeOnly.FromDateTime(local) >= Open) return date;
        return PreviousSession(date);
    }

    /// <summary>
    /// Session steps from <paramref name="from"/> to <paramref name="to"/> (both sessions, <paramref name="from"/> first):
    /// 1 for consecutive sessions, 2 when one session lies between them, 0 for the same session.
    /// </summary>
    public static int SessionsBetween(DateOnly from, DateOnly to)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, to);
        var n = 0;
        for (var d = from; d < to; d = NextSession(d)) n++;
        return n;
    }

    /// <summary>Easter Sunday (Gregorian), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = (19 * a + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + 2 * e + 2 * i - h - k) % 7;
        var m = (a + 11 * h + 22 * l) / 451;
        var month = (h + l - 7 * m + 114) / 31;
        var day = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, day);
    }

    /// <summary>A fixed-date holiday on a Saturday is observed on Friday, on a Sunday on Monday.</summary>
    private static Holiday Observed(DateOnly date, string name) => date.DayOfWeek switch
    {
        DayOfWeek.Saturday => new(date.AddDays(-1), name + " (observed)"),
        DayOfWeek.Sunday => new(date.AddDays(1), name + " (observed)"),
        _ => new(date, name),
    };

    private static DateOnly NthWeekday(int year, int month, DayOfWeek day, int n)
    {
        var first = new DateOnly(year, month, 1);
        var offset = ((int)day - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + 7 * (n - 1));
    }

    private static DateOnly LastWeekday(int year, int month, DayOfWeek day)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        return last.AddDays(-(((int)last.DayOfWeek - (int)day + 7) % 7));
    }
}
