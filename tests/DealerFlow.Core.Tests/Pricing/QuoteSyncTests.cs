using DealerFlow.Core.Pricing;

namespace DealerFlow.Core.Tests.Pricing;

public class QuoteSyncTests
{
    private static readonly DateOnly D1 = new(2026, 1, 2), D2 = new(2026, 1, 5), D3 = new(2026, 1, 6), D4 = new(2026, 3, 20), D5 = new(2026, 1, 9);

    [Fact]
    public void Decide_ShortestThreeByYears_TiesInGivenOrder_MedianCarry()
    {
        // With r = 0 the implied spot of each expiry is its forward. Two points are not usable (T <= 0, F <= 0); of the
        // rest the three shortest by T vote, the tie at T = 0.01 in the order given: D2, D3, then D1 (T = 0.02).
        var points = new[]
        {
            new ForwardPoint(D1, 0.02, 100.05, 0),
            new ForwardPoint(D4, 0.5, 101, 0),
            new ForwardPoint(D2, 0.01, 100.02, 0),
            new ForwardPoint(D5, 0, 100, 0),
            new ForwardPoint(D3, 0.01, 100.04, 0),
            new ForwardPoint(D5, 0.001, -1, 0),
            new ForwardPoint(D5, 0.03, 99, 0),
        };
        var r = QuoteSync.Decide(100, points, 0, QuoteSyncMode.Auto);
        Assert.NotNull(r);
        Assert.Equal([D2, D3, D1], r.ExpiriesUsed);
        Assert.Equal(100.04, r.ImpliedSpot, 1e-12);
        Assert.Equal(4.0, r.BasisBp, 1e-9);
        Assert.Equal(BasisExplanation.Carry, r.ExplainedBy);
        Assert.Equal(QuoteSyncAction.AsQuoted, r.Action);
        Assert.Equal(
            "The shortest expiries' parity forwards net of the rate imply spot 100.04, +4.0 bp from the file's 100.00: within 10 bp, ordinary carry. "
            + "Per expiry: 2026-01-05 F 100.02 (+2.0 bp), 2026-01-06 F 100.04 (+4.0 bp), 2026-01-02 F 100.05 (+5.0 bp).",
            r.Evidence);
    }

    [Fact]
    public void Decide_TwoPointsWithDividends_MeanOfTheTwo_ExplainedByDividend()
    {
        // Implied spots net of the rate 99.70 and 99.74 (-28 bp); with the 0.30 dividends 100.00 and 100.04, median 100.02.
        var rate = 0.05;
        var points = new[] { new ForwardPoint(D2, 0.1, 99.74 * Math.Exp(rate * 0.1), 0.3), new ForwardPoint(D1, 0.05, 99.70 * Math.Exp(rate * 0.05), 0.3) };
        var r = QuoteSync.Decide(100, points, rate, QuoteSyncMode.Auto);
        Assert.NotNull(r);
        Assert.Equal([D1, D2], r.ExpiriesUsed);
        Assert.Equal(-28.0, r.BasisBp, 1e-9);
        Assert.Equal(100.02, r.ImpliedSpot, 1e-9);
        Assert.Equal(2.0, r.BasisAfterDividendsBp, 1e-7);
        Assert.Equal(BasisExplanation.Dividend, r.ExplainedBy);
        Assert.Equal(QuoteSyncAction.AsQuoted, r.Action);
        Assert.EndsWith("Per expiry: 2026-01-02 F 99.95 (-30.0 bp, dividends 0.30), 2026-01-05 F 100.24 (-26.0 bp, dividends 0.30).", r.Evidence);
    }

    [Fact]
    public void Decide_NoUsablePoint_Null() =>
        Assert.Null(QuoteSync.Decide(100, [new ForwardPoint(D1, 0, 100, 0), new ForwardPoint(D2, 0.1, 0, 0)], 0.05, QuoteSyncMode.Auto));
}
