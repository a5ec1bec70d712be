namespace DealerFlow.Core.Pricing;

/// <summary>
/// The forward of one expiry implied by put-call parity, C - P = e^{-rT} (F - K), so
/// F = K + e^{rT} (C - P), from mid prices at strikes where both sides have a two-sided quote.
/// The strikes nearest the money (smallest |C - P|) carry the least model and spread error: the
/// estimate is the median over the (up to) three of them.
/// </summary>
public static class ImpliedForward
{
    /// <summary>One strike's call and put quotes (prices per share; NaN = no quote).</summary>
    public readonly record struct ParityQuote(double Strike, double CallBid, double CallAsk, double PutBid, double PutAsk);

    /// <summary>
    /// Implies the forward from parity quotes. Returns false when fewer than one strike has two
    /// valid two-sided quotes, or when the estimate strays more than <paramref name="maxDeviation"/>
    /// (relative) from <paramref name="spot"/>, which signals stale or crossed quotes.
    /// </summary>
    public static bool TrySolve(ReadOnlySpan<ParityQuote> quotes, double years, double rate, double spot, out double forward, double maxDeviation = 0.25)
    {
        forward = double.NaN;
        Span<(double Gap, double F)> best = stackalloc (double, double)[3];
        var n = 0;
        var growth = Math.Exp(rate * years);
        foreach (var q in quotes)
        {
            if (!TwoSided(q.CallBid, q.CallAsk) || !TwoSided(q.PutBid, q.PutAsk)) continue;
            var c = 0.5 * (q.CallBid + q.CallAsk);
            var p = 0.5 * (q.PutBid + q.PutAsk);
            var gap = Math.Abs(c - p);
            var f = q.Strike + growth * (c - p);
            if (n < best.Length)
            {
                best[n++] = (gap, f);
            }
            else
            {
                var worst = 0;
                for (var j = 1; j < n; j++) if (best[j].Gap > best[worst].Gap) worst = j;
                if (gap < best[worst].Gap) best[worst] = (gap, f);
            }
        }
        if (n == 0) return false;
        Span<double> fs = stackalloc double[n];
        for (var j = 0; j < n; j++) fs[j] = best[j].F;
        fs.Sort();
        var estimate = fs[n / 2];
        if (n == 2) estimate = 0.5 * (fs[0] + fs[1]);
        if (!(estimate > 0) || Math.Abs(estimate / spot - 1) > maxDeviation) return false;
        forward = estimate;
        return true;
    }

    private static bool TwoSided(double bid, double ask) => bid > 0 && ask >= bid && double.IsFinite(ask);
}
