using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Pricing;

namespace DealerFlow.Core.Levels;

/// <summary>
/// Levels at a new spot from a chain priced once: every contract keeps the volatility and the carry (forward / spot)
/// it was priced with, exactly as the gamma profile's sweep does, and only spot moves. Re-pricing the snapshot at the
/// new spot instead would keep each parity-implied forward fixed while spot moves, so the flip would follow spot
/// (measured on the SPX sample: +22.76 of spot moved the flip +22.86).
/// </summary>
/// <remarks>
/// Updated at the new spot: exposure by strike and by expiry, total GEX, and from <see cref="LevelsAssembler"/> the
/// regime, flip (the profile crossing nearest to spot) and distance, walls (net definition) and absolute gamma strike;
/// then top strikes, DEX, gamma tilt, implied move.
/// Kept from the chain's spot: the profile itself (it is already a function of hypothetical spot), vanna, charm and
/// the vendor-gamma check.
/// </remarks>
public static class SpotLevels
{
    /// <summary>
    /// <paramref name="analysis"/> of <paramref name="priced"/> moved to <paramref name="spot"/> ($, &gt; 0): every contract's
    /// gamma and delta re-priced at the new spot with its own IV, carry and T; GEX by strike, by expiry and in total in
    /// <paramref name="unit"/> (positive = dealers long gamma); flip chosen from the existing crossings; walls by the net
    /// definition; <paramref name="topN"/> top strikes; DEX in shares and $; implied move = ATM IV x spot / sqrt 252.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="analysis"/> or <paramref name="priced"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="spot"/> is zero or negative.</exception>
    public static GexAnalysis At(GexAnalysis analysis, PricedChain priced, double spot, GexUnit unit, int topN = 5)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(priced);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spot);
        var factor = GexUnits.Factor(unit, spot);
        var strikes = priced.Strikes;
        var strikeIndex = new Dictionary<double, int>(strikes.Count);
        for (var k = 0; k < strikes.Count; k++) strikeIndex[strikes[k]] = k;
        var calls = new double[strikes.Count];
        var puts = new double[strikes.Count];
        var absolute = new double[strikes.Count];
        var expCalls = new double[priced.Expiries.Count];
        var expPuts = new double[priced.Expiries.Count];
        double dex = 0, callAbs = 0, putAbs = 0;
        var strike = priced.StrikeColumn;
        var years = priced.YearsColumn;
        var vol = priced.VolColumn;
        var carry = priced.CarryColumn;
        var position = priced.PositionColumn;
        var type = priced.TypeColumn;
        var expiry = priced.ExpiryIndexColumn;
        for (var j = 0; j < priced.Count; j++)
        {
            var g = BlackScholes.Greeks(new OptionInputs(type[j], spot, strike[j], years[j], priced.Rate, carry[j], vol[j]));
            var gex = position[j] * g.Gamma * factor;
            var k = strikeIndex[strike[j]];
            if (type[j] == OptionType.Call)
            {
                calls[k] += gex; expCalls[expiry[j]] += gex; callAbs += Math.Abs(gex);
            }
            else
            {
                puts[k] += gex; expPuts[expiry[j]] += gex; putAbs += Math.Abs(gex);
            }
            absolute[k] += Math.Abs(gex);
            dex += position[j] * g.Delta;
        }
        var byStrike = new StrikeExposure[strikes.Count];
        var total = 0.0;
        for (var k = 0; k < strikes.Count; k++)
        {
            var s = byStrike[k] = new StrikeExposure(strikes[k], calls[k], puts[k], calls[k] + puts[k], absolute[k]);
            total += s.Net;
        }
        var byExpiry = analysis.Exposure.ByExpiry.Select((e, i) => e with { Calls = expCalls[i], Puts = expPuts[i], Net = expCalls[i] + expPuts[i] }).ToArray();
        var code = AmountUnits.Of(unit);
        var l = analysis.Levels;
        var key = LevelsAssembler.Assemble(spot, total, priced.Count, l.ZeroGammaCrossings, byStrike, WallDefinition.Net);
        var levels = (l with
        {
            Unit = unit,
            TotalGex = new Amount(total, code),
            TopStrikes = byStrike.OrderByDescending(s => Math.Abs(s.Net)).Take(topN).ToArray(),
            GammaTilt = putAbs > 0 && callAbs > 0 ? callAbs / putAbs : null,
            DeltaExposure = new Amount(dex, AmountUnit.Shares),
            DeltaExposureDollars = new Amount(dex * spot, AmountUnit.Usd),
            ImpliedMove = l.AtmIv * spot / Math.Sqrt(252),
        }).With(key);
        return new GexAnalysis(levels, analysis.Exposure with { ByStrike = byStrike, ByExpiry = byExpiry });
    }
}
