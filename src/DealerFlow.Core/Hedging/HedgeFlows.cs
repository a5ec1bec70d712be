using DealerFlow.Core.Exposure;

namespace DealerFlow.Core.Hedging;

/// <summary>Shares and $ one expiry's hedges trade for a move.</summary>
/// <param name="Shares">Shares dealers trade: + buy, - sell.</param>
/// <param name="Dollars">$ value of those trades at the prices along the move: + buy, - sell.</param>
/// <param name="Expiry">The expiry date.</param>
/// <param name="Settlement">Its settlement style, "AM" (09:30 ET) or "PM" (16:00 ET).</param>
/// <param name="DaysToExpiry">Calendar days from the snapshot's US/Eastern date to the expiry.</param>
public sealed record ExpiryFlow(DateOnly Expiry, string Settlement, int DaysToExpiry, double Shares, double Dollars);

/// <summary>
/// The hedge trade a move from <see cref="From"/> to <see cref="To"/> forces on dealers:
/// -(D(To) - D(From)) shares under the positioning model (docs/domain.md section 8).
/// </summary>
/// <param name="Label">What the target is ("zero gamma", "call wall", "+1%"...).</param>
/// <param name="MovePct">(To / From - 1) x 100.</param>
/// <param name="DeltaFrom">Dealer option delta D(From), shares.</param>
/// <param name="DeltaTo">Dealer option delta D(To), shares.</param>
/// <param name="Shares">Shares dealers must trade: + buy, - sell.</param>
/// <param name="Dollars">$ traded, integrated along the move (each slice of shares at its own price): + buy, - sell.</param>
/// <param name="Direction">"sell into the rally", "buy into the rally", "buy into the decline", "sell into the decline" or "none".</param>
/// <param name="Dampening">True when the hedge trades against the move (dealers long gamma over it).</param>
/// <param name="From">Spot the move starts at, price units.</param>
/// <param name="To">Spot the move ends at (the target), price units.</param>
/// <param name="ByExpiry">The same trade split by expiry, one row per expiry of the chain.</param>
public sealed record HedgeFlow(
    string Label,
    double From,
    double To,
    double MovePct,
    double DeltaFrom,
    double DeltaTo,
    double Shares,
    double Dollars,
    string Direction,
    bool Dampening,
    IReadOnlyList<ExpiryFlow> ByExpiry);

/// <summary>Hedge flows for moves of spot (docs/domain.md section 8).</summary>
public static class HedgeFlows
{
    /// <summary>Sub-steps over which the $ value of a flow is integrated.</summary>
    public const int DollarSteps = 64;

    /// <summary>The hedge trade for a move from the chain's spot to <paramref name="to"/>, by expiry and total.</summary>
    public static HedgeFlow Compute(PricedChain chain, double to, string label) => Compute(chain, chain.Spot, to, label);

    /// <summary>The hedge trade for a move from <paramref name="from"/> to <paramref name="to"/> (price units), by expiry and total.</summary>
    public static HedgeFlow Compute(PricedChain chain, double from, double to, string label)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (!(from > 0) || !double.IsFinite(from)) throw new ArgumentOutOfRangeException(nameof(from), from, "Levels must be positive prices.");
        if (!(to > 0) || !double.IsFinite(to)) throw new ArgumentOutOfRangeException(nameof(to), to, "Levels must be positive prices.");
        var ne = chain.Expiries.Count;
        var prev = new double[ne];
        var next = new double[ne];
        var shares = new double[ne];
        var dollars = new double[ne];
        var d0 = DeltaProfile.ByExpiry(chain, from, prev);
        var dPrev = d0;
        double totalDollars = 0;
        var sPrev = from;
        for (var k = 1; k <= DollarSteps; k++)
        {
            var s = from + (to - from) * k / DollarSteps;
            var d = DeltaProfile.ByExpiry(chain, s, next);
            var mid = 0.5 * (s + sPrev);
            totalDollars += -(d - dPrev) * mid;
            for (var e = 0; e < ne; e++)
            {
                dollars[e] += -(next[e] - prev[e]) * mid;
                shares[e] += -(next[e] - prev[e]);
            }
            (prev, next) = (next, prev);
            dPrev = d;
            sPrev = s;
        }
        var trade = -(dPrev - d0);
        var byExpiry = new ExpiryFlow[ne];
        for (var e = 0; e < ne; e++)
        {
            var x = chain.Expiries[e];
            byExpiry[e] = new ExpiryFlow(x.Date, x.Settlement.ToString(), x.DaysToExpiry, shares[e], dollars[e]);
        }
        var up = to > from;
        var direction = to == from || trade == 0 ? "none"
            : up ? (trade < 0 ? "sell into the rally" : "buy into the rally")
            : (trade > 0 ? "buy into the decline" : "sell into the decline");
        var dampening = to != from && (up ? trade < 0 : trade > 0);
        return new HedgeFlow(label, from, to, (to / from - 1) * 100, d0, dPrev, trade, totalDollars, direction, dampening, byExpiry);
    }
}
