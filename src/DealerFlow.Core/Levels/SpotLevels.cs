using DealerFlow.Core.Exposure;

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
        var (gamma, delta, vanna, charm) = SpotGreekColumns.At(priced, spot);
        var sums = ExposureSums.Accumulate(priced, GexUnits.Factor(unit, spot), gamma, delta, vanna, charm);
        var byStrike = sums.ByStrike;
        var total = sums.Total;
        var byExpiry = analysis.Exposure.ByExpiry.Select((e, i) => e with { Calls = sums.ExpiryCalls[i], Puts = sums.ExpiryPuts[i], Net = sums.ExpiryCalls[i] + sums.ExpiryPuts[i] }).ToArray();
        var l = analysis.Levels;
        var key = LevelsAssembler.Assemble(spot, total, priced.Count, l.ZeroGammaCrossings, byStrike, WallDefinition.Net);
        var levels = (l with
        {
            Unit = unit,
            TotalGex = new Amount(total, AmountUnits.Of(unit)),
            TopStrikes = sums.Top(topN),
            GammaTilt = sums.GammaTilt,
            DeltaExposure = new Amount(sums.Dex, AmountUnit.Shares),
            DeltaExposureDollars = new Amount(sums.Dex * spot, AmountUnit.Usd),
            ImpliedMove = l.AtmIv * spot / Math.Sqrt(252),
        }).With(key);
        return new GexAnalysis(levels, analysis.Exposure with { ByStrike = byStrike, ByExpiry = byExpiry });
    }
}
