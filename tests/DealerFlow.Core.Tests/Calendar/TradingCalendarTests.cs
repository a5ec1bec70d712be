using DealerFlow.Core.Calendar;

namespace DealerFlow.Core.Tests.Calendar;

public class TradingCalendarTests
{
    /// <summary>Every NYSE full-day closure 2020-2027 as published on the exchange's holiday calendars (nyse.com/markets/hours-calendars).</summary>
    private static readonly string[] Holidays =
    [
        // 2020
        "2020-01-01", "2020-01-20", "2020-02-17", "2020-04-10", "2020-05-25", "2020-07-03", "2020-09-07", "2020-11-26", "2020-12-25",
        // 2021 (Jan 1 2022 is a Saturday: no Friday Dec 31 closure)
        "2021-01-01", "2021-01-18", "2021-02-15", "2021-04-02", "2021-05-31", "2021-07-05", "2021-09-06", "2021-11-25", "2021-12-24",
        // 2022
        "2022-01-17", "2022-02-21", "2022-04-15", "2022-05-30", "2022-06-20", "2022-07-04", "2022-09-05", "2022-11-24", "2022-12-26",
        // 2023
        "2023-01-02", "2023-01-16", "2023-02-20", "2023-04-07", "2023-05-29", "2023-06-19", "2023-07-04", "2023-09-04", "2023-11-23", "2023-12-25",
        // 2024
        "2024-01-01", "2024-01-15", "2024-02-19", "2024-03-29", "2024-05-27", "2024-06-19", "2024-07-04", "2024-09-02", "2024-11-28", "2024-12-25",
        // 2025 (Jan 9: national day of mourning for President Carter)
        "2025-01-01", "2025-01-09", "2025-01-20", "2025-02-17", "2025-04-18", "2025-05-26", "2025-06-19", "2025-07-04", "2025-09-01", "2025-11-27", "2025-12-25",
        // 2026
        "2026-01-01", "2026-01-19", "2026-02-16", "2026-04-03", "2026-05-25", "2026-06-19", "2026-07-03", "2026-09-07", "2026-11-26", "2026-12-25",
        // 2027
        "2027-01-01", "2027-01-18", "2027-02-15", "2027-03-26", "2027-05-31", "2027-06-18", "2027-07-05", "2027-09-06", "2027-11-25", "2027-12-24",
    ];

    public static TheoryData<string> PublishedHolidays => new(Holidays);

    /// <summary>Every NYSE 13:00 ET early close 2020-2027 as published.</summary>
    private static readonly string[] Early =
    [
        "2020-11-27", "2020-12-24",
        "2021-11-26",
        "2022-11-25",
        "2023-07-03", "2023-11-24",
        "2024-07-03", "2024-11-29", "2024-12-24",
        "2025-07-03", "2025-11-28", "2025-12-24",
        "2026-11-27", "2026-12-24",
        "2027-11-26",
    ];

    public static TheoryData<string> PublishedEarlyCloses => new(Early);

    [Theory]
    [MemberData(nameof(PublishedHolidays))]
    public void PublishedHoliday_IsNotASession(string date)
    {
        var d = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotNull(TradingCalendar.HolidayOn(d));
        Assert.False(TradingCalendar.IsSession(d));
    }

    [Theory]
    [MemberData(nameof(PublishedEarlyCloses))]
    public void PublishedEarlyClose_ClosesAt13(string date)
    {
        var d = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(TradingCalendar.IsSession(d));
        Assert.True(TradingCalendar.IsEarlyClose(d));
        Assert.Equal(new TimeOnly(13, 0), TradingCalendar.CloseOf(d));
    }

    [Fact]
    public void Rules_2020To2027_ProduceExactlyThePublishedLists()
    {
        var holidays = Holidays.ToList();
        var early = Early.ToList();
        var ruleHolidays = Enumerable.Range(2020, 8).SelectMany(TradingCalendar.Holidays).Select(h => h.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var ruleEarly = Enumerable.Range(2020, 8).SelectMany(TradingCalendar.EarlyCloses).Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(holidays, ruleHolidays);
        Assert.Equal(early, ruleEarly);
        // Every weekday 2020-2027 that is neither is a regular 16:00 session: 2,088 weekdays minus 78 closures.
        var sessions = 0;
        for (var d = new DateOnly(2020, 1, 1); d.Year < 2028; d = d.AddDays(1))
        {
            if (TradingCalendar.IsSession(d)) sessions++;
        }
        Assert.Equal(78, holidays.Count);
        Assert.Equal(2088 - 78, sessions);
    }

    [Theory]
    [InlineData(2021, 12, 31)] // Jan 1 2022 is a Saturday: Friday Dec 31 trades
    [InlineData(2027, 12, 31)] // Jan 1 2028 is a Saturday
    [InlineData(2021, 7, 2)] // Jul 4 on Sunday: Monday is the holiday, Friday trades a full day
    [InlineData(2026, 7, 2)] // Jul 3 2026 is the observed holiday; Jul 2 is a full day
    [InlineData(2022, 12, 23)]
    public void WeekdaysNextToWeekendHolidays_AreFullSessions(int y, int m, int d)
    {
        var date = new DateOnly(y, m, d);
        Assert.True(TradingCalendar.IsSession(date));
        Assert.False(TradingCalendar.IsEarlyClose(date));
        Assert.Equal(new TimeOnly(16, 0), TradingCalendar.CloseOf(date));
    }

    [Theory]
    [InlineData(2019, 4, 21)]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2038, 4, 25)] // latest possible
    [InlineData(2285, 3, 22)] // earliest possible
    public void EasterSunday_KnownDates(int y, int m, int d) =>
        Assert.Equal(new DateOnly(y, m, d), TradingCalendar.EasterSunday(y));

    [Theory]
    // Saturday and Sunday fetches belong to Friday's session.
    [InlineData("2026-06-13T15:00:00Z", "2026-06-12")]
    [InlineData("2026-06-14T20:00:00Z", "2026-06-12")]
    // 01:28 UTC Tuesday is 21:28 ET Monday: Monday's session.
    [InlineData("2026-06-16T01:28:00Z", "2026-06-15")]
    // Before the open (08:00 ET) is still the previous session; at 09:30 ET the new one has opened.
    [InlineData("2026-06-16T12:00:00Z", "2026-06-15")]
    [InlineData("2026-06-16T13:29:59Z", "2026-06-15")]
    [InlineData("2026-06-16T13:30:00Z", "2026-06-16")]
    // A holiday is never a session: Juneteenth Friday 2026-06-19 belongs to Thursday; so does the weekend after it.
    [InlineData("2026-06-19T18:00:00Z", "2026-06-18")]
    [InlineData("2026-06-21T18:00:00Z", "2026-06-18")]
    // Monday before the open after a holiday Friday: still Thursday's.
    [InlineData("2026-06-22T12:00:00Z", "2026-06-18")]
    // Independence Day observed Friday 2026-07-03: the Friday and weekend belong to Thursday 07-02.
    [InlineData("2026-07-03T20:00:00Z", "2026-07-02")]
    // Winter time: 14:29 UTC = 09:29 EST is before the open; 14:30 UTC is the open.
    [InlineData("2026-01-06T14:29:00Z", "2026-01-05")]
    [InlineData("2026-01-06T14:30:00Z", "2026-01-06")]
    // The day of mourning 2025-01-09 belongs to 01-08.
    [InlineData("2025-01-09T17:00:00Z", "2025-01-08")]
    // After an early close the evening still belongs to that session.
    [InlineData("2025-12-24T22:00:00Z", "2025-12-24")]
    public void SessionOf_IsTheLastSessionThatHadOpened(string instant, string session)
    {
        var at = DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(DateOnly.Parse(session, System.Globalization.CultureInfo.InvariantCulture), TradingCalendar.SessionOf(at));
    }

    [Fact]
    public void SessionsBetween_CountsSessionSteps()
    {
        // Thu 2026-06-18 -> Mon 06-22 over the Juneteenth holiday and a weekend: consecutive.
        Assert.Equal(1, TradingCalendar.SessionsBetween(new DateOnly(2026, 6, 18), new DateOnly(2026, 6, 22)));
        Assert.Equal(0, TradingCalendar.SessionsBetween(new DateOnly(2026, 6, 18), new DateOnly(2026, 6, 18)));
        // Mon 06-15 -> Wed 06-17 skips Tuesday.
        Assert.Equal(2, TradingCalendar.SessionsBetween(new DateOnly(2026, 6, 15), new DateOnly(2026, 6, 17)));
        Assert.Equal(new DateOnly(2026, 6, 22), TradingCalendar.NextSession(new DateOnly(2026, 6, 18)));
        Assert.Equal(new DateOnly(2026, 6, 18), TradingCalendar.PreviousSession(new DateOnly(2026, 6, 22)));
    }
}
