using DealerFlow.Core.Calendar;
using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Time;

namespace DealerFlow.Core.Levels;

/// <summary>
/// Which expiry the implied 1-day move (ATM IV x S / sqrt 252, docs/domain.md section 7) is read from, and its ATM IV.
/// </summary>
public static class ImpliedMove
{
    /// <summary>
    /// The first full exchange session after <paramref name="instant"/>: the first session that opens (09:30 ET) at or
    /// after it (<see cref="TradingCalendar"/>). A fetch before Tuesday's open gives Tuesday, one during or after
    /// Tuesday's session gives Wednesday, a Saturday fetch gives Monday (Tuesday when Monday is a holiday).
    /// </summary>
    public static DateOnly FirstFullSession(DateTimeOffset instant) => TradingCalendar.NextSession(TradingCalendar.SessionOf(instant));

    /// <summary>
    /// Index into <see cref="PricedChain.Expiries"/> of the first PM-settled expiry that settles at or after the close of
    /// <see cref="FirstFullSession"/>, so its IV prices at least one whole session (an AM-settled monthly on the eve of
    /// its expiry covers only the night; a 0DTE expiry only the rest of today); -1 when the chain has none.
    /// </summary>
    public static int ExpiryIndex(PricedChain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var session = FirstFullSession(chain.Instant);
        var close = UsEastern.At(session, TradingCalendar.CloseOf(session));
        for (var e = 0; e < chain.Expiries.Count; e++)
        {
            var x = chain.Expiries[e];
            if (x.Settlement == SettlementStyle.PM && Settlement.ExpiryInstant(x.Date, x.Settlement) >= close) return e;
        }
        return -1;
    }

    /// <summary>ATM IV (fraction) of expiry <paramref name="e"/>: the IVs at the strike nearest its forward, call and put averaged; null when it has no contract.</summary>
    public static double? AtmIv(PricedChain chain, int e)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (e < 0 || e >= chain.Expiries.Count) return null;
        var forward = chain.Expiries[e].Forward;
        var bestGap = double.PositiveInfinity;
        double sum = 0;
        var count = 0;
        var strike = chain.StrikeColumn;
        var vol = chain.VolColumn;
        var expiry = chain.ExpiryIndexColumn;
        for (var j = 0; j < chain.Count; j++)
        {
            if (expiry[j] != e) continue;
            var gap = Math.Abs(strike[j] - forward);
            if (gap < bestGap - 1e-9) { bestGap = gap; sum = vol[j]; count = 1; }
            else if (Math.Abs(gap - bestGap) <= 1e-9) { sum += vol[j]; count++; }
        }
        return count > 0 ? sum / count : null;
    }

    /// <summary>ATM IV and expiry date the implied move is read from (<see cref="ExpiryIndex"/>); nulls when there is none.</summary>
    public static (double? Iv, DateOnly? Expiry) Of(PricedChain chain)
    {
        var e = ExpiryIndex(chain);
        return e < 0 ? (null, null) : (AtmIv(chain, e), chain.Expiries[e].Date);
    }
}
