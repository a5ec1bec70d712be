using DealerFlow.Core.Chain;
using DealerFlow.Core.Time;

namespace DealerFlow.Core.Tests.Time;

public class SettlementTests
{
    [Theory]
    [InlineData(2024, 1, 5, 16, 0, -5)]
    [InlineData(2024, 3, 8, 16, 0, -5)]
    [InlineData(2024, 3, 11, 16, 0, -4)]
    [InlineData(2024, 11, 1, 16, 0, -4)]
    [InlineData(2024, 11, 4, 9, 30, -5)]
    [InlineData(2022, 7, 12, 11, 55, -4)]
    [InlineData(2005, 4, 1, 12, 0, -5)]
    [InlineData(2005, 4, 4, 12, 0, -4)]
    public void At_KnownDates_UseUsDaylightRules(int y, int m, int d, int hh, int mm, int offsetHours)
    {
        var instant = UsEastern.At(new DateOnly(y, m, d), new TimeOnly(hh, mm));
        Assert.Equal(TimeSpan.FromHours(offsetHours), instant.Offset);
    }

    [Fact]
    public void At_AgainstSystemTimeZoneDatabase_AgreesEveryHourOf2024And2025()
    {
        var tz = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        for (var t = new DateTime(2024, 1, 1, 0, 30, 0); t < new DateTime(2026, 1, 1); t = t.AddHours(1))
        {
            if (tz.IsInvalidTime(t) || tz.IsAmbiguousTime(t)) continue;
            Assert.Equal(tz.GetUtcOffset(t), UsEastern.OffsetAt(t));
            var instant = new DateTimeOffset(t, tz.GetUtcOffset(t));
            Assert.Equal(t, UsEastern.ToEastern(instant.ToUniversalTime()).DateTime);
        }
    }

    [Fact]
    public void YearsToExpiry_SpxwFridayCloseFromMorning_IsMinutesOver365Days()
    {
        var now = UsEastern.At(new DateOnly(2024, 1, 5), new TimeOnly(10, 0));
        var years = Settlement.YearsToExpiry(now, new DateOnly(2024, 1, 5), SettlementStyle.PM);
        Assert.Equal(360 / Settlement.MinutesPerYear, years, 15);
    }

    [Fact]
    public void YearsToExpiry_AmSettledSpxAfterOpen_IsExpired()
    {
        var now = UsEastern.At(new DateOnly(2024, 1, 19), new TimeOnly(10, 0));
        Assert.True(Settlement.YearsToExpiry(now, new DateOnly(2024, 1, 19), Settlement.StyleOf("SPX", new DateOnly(2024, 1, 19))) <= 0);
        Assert.True(Settlement.YearsToExpiry(now, new DateOnly(2024, 1, 19), Settlement.StyleOf("SPXW", new DateOnly(2024, 1, 19))) > 0);
    }

    [Fact]
    public void YearsToExpiry_AcrossDstChange_CountsRealMinutes()
    {
        // Friday 2024-03-08 16:00 EST to Monday 2024-03-11 16:00 EDT is 71 hours, not 72.
        var now = UsEastern.At(new DateOnly(2024, 3, 8), new TimeOnly(16, 0));
        Assert.Equal(71 * 60 / Settlement.MinutesPerYear, Settlement.YearsToExpiry(now, new DateOnly(2024, 3, 11), SettlementStyle.PM), 15);
    }

    [Theory]
    [InlineData("SPX", SettlementStyle.AM)]
    [InlineData("SPXW", SettlementStyle.PM)]
    [InlineData("NDX", SettlementStyle.AM)]
    [InlineData("NDXP", SettlementStyle.PM)]
    [InlineData("SPY", SettlementStyle.PM)]
    public void StyleOf_Roots_AmOnlyForMonthlyIndexRoots(string root, SettlementStyle expected) =>
        Assert.Equal(expected, Settlement.StyleOf(root, new DateOnly(2024, 1, 19)));
}
