using DealerFlow.Core.Scorecard;
using DealerFlow.Core.Statistics;

namespace DealerFlow.Web.Api;

/// <summary>A figure of the scorecard: its value, the sessions behind it and its 95 % bootstrap interval (null when there is none).</summary>
/// <param name="Value">The estimate; null when no session qualifies (never 0 for "no value").</param>
/// <param name="N">Sessions behind the estimate.</param>
/// <param name="Ci95">The 95 % percentile bootstrap interval [low, high]; null when n is 0 or too small to resample.</param>
public sealed record ScorecardEstimate(double? Value, int N, double[]? Ci95)
{
    public static ScorecardEstimate Of(Estimate e) => new(
        double.IsNaN(e.Value) ? null : e.Value,
        e.N,
        double.IsNaN(e.Low) || double.IsNaN(e.High) ? null : [e.Low, e.High]);
}

/// <summary>How the intervals were drawn: a fixed seed, so the same store and prices give the same intervals.</summary>
public sealed record ScorecardBootstrap(int Seed, int Resamples, double Confidence, string BlockLengthForOverlappingWindows);

/// <summary>Wall hold rates: shares of scored sessions (0-1).</summary>
public sealed record ScorecardCallWall(ScorecardEstimate HighHeldRate, ScorecardEstimate CloseHeldRate);

/// <summary>Put wall hold rates: shares of scored sessions (0-1).</summary>
public sealed record ScorecardPutWall(ScorecardEstimate LowHeldRate, ScorecardEstimate CloseHeldRate);

/// <summary>Realised volatility (annualised decimals) after the sessions of one regime.</summary>
public sealed record ScorecardRegime(int Sessions, ScorecardEstimate NextDayVol, ScorecardEstimate NextDayParkinsonVol, ScorecardEstimate Next5DayVol)
{
    public static ScorecardRegime Of(RegimeStats g) => new(g.Sessions, ScorecardEstimate.Of(g.NextDayVol), ScorecardEstimate.Of(g.NextDayParkinsonVol), ScorecardEstimate.Of(g.Next5DayVol));
}

/// <summary>The regimes by the zero-gamma level and by the sign of total GEX; <c>withoutFlip</c> counts scored sessions with no zero-gamma level.</summary>
public sealed record ScorecardRegimes(ScorecardRegime AboveFlip, ScorecardRegime BelowFlip, ScorecardRegime PositiveGex, ScorecardRegime NegativeGex, int WithoutFlip);

/// <summary>Mean log returns (decimals; positive = the underlying rose) 1, 5 and 10 sessions after a close beyond a wall.</summary>
public sealed record ScorecardHorizons(ScorecardEstimate Next1Return, ScorecardEstimate Next5Return, ScorecardEstimate Next10Return)
{
    public static ScorecardHorizons Of(HorizonReturns h) => new(ScorecardEstimate.Of(h.Next1), ScorecardEstimate.Of(h.Next5), ScorecardEstimate.Of(h.Next10));
}

/// <summary>Returns after a close above the call wall and below the put wall.</summary>
public sealed record ScorecardBreaches(ScorecardHorizons AboveCallWall, ScorecardHorizons BelowPutWall);

/// <summary>Distance of the next close from the absolute-gamma strike, % of spot, into monthly expiry and on other sessions.</summary>
public sealed record ScorecardPinning(ScorecardEstimate ExpiryDistancePct, ScorecardEstimate OtherDistancePct, ScorecardEstimate DifferencePct);

/// <summary>Spearman rank correlation of total GEX with the next session's squared log return, raw and partial given ATM IV and VIX.</summary>
public sealed record ScorecardIncremental(ScorecardEstimate SpearmanGexNextVariance, ScorecardEstimate PartialSpearmanGivenAtmIv, ScorecardEstimate PartialSpearmanGivenVix, ScorecardEstimate PartialSpearmanGivenAtmIvAndVix);

/// <summary>One of the articles' strategies as a stated rule (an evaluation, not advice); <c>withinNoise</c> as <see cref="StrategyResult.WithinNoise"/>.</summary>
public sealed record ScorecardStrategy(string Name, string Rule, string Hit, string Outcome, int HorizonSessions, ScorecardEstimate HitRate, ScorecardEstimate MeanOutcome, ScorecardEstimate BaselineHitRate, ScorecardEstimate BaselineMeanOutcome, bool WithinNoise);

/// <summary>
/// The scorecard document (schema <c>dealerflow.scorecard/1</c>), the one shape of <c>dealerflow scorecard --format json</c>
/// and <c>GET /api/{symbol}/scorecard</c>; every figure is defined in docs/scorecard.md.
/// </summary>
public sealed record ScorecardReport(
    string Schema,
    string Underlying,
    string Positioning,
    string PositioningDescription,
    string GexUnit,
    string Prices,
    DateOnly From,
    DateOnly To,
    int Sessions,
    int Scored,
    int WithoutPrices,
    ScorecardBootstrap Bootstrap,
    ScorecardCallWall CallWall,
    ScorecardPutWall PutWall,
    ScorecardRegimes Regimes,
    ScorecardBreaches Breaches,
    ScorecardPinning Pinning,
    ScorecardIncremental Incremental,
    IReadOnlyList<ScorecardStrategy> Strategies)
{
    public const string SchemaName = "dealerflow.scorecard/1";

    /// <summary>The GEX unit of the stored sessions, for people.</summary>
    public const string StoredGexUnit = "$ per 1% move";

    /// <summary>The document of <paramref name="r"/>, scored on the sessions of <paramref name="underlying"/> under the named positioning against the price file <paramref name="prices"/>.</summary>
    public static ScorecardReport Of(string underlying, string positioning, string positioningDescription, string gexUnit, string prices, DateOnly from, DateOnly to, ScorecardResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        static ScorecardEstimate E(Estimate e) => ScorecardEstimate.Of(e);
        return new ScorecardReport(
            SchemaName, underlying, positioning, positioningDescription, gexUnit, prices, from, to, r.Sessions, r.Scored, r.WithoutPrices,
            new ScorecardBootstrap(r.Seed, r.Resamples, 0.95, "the window length k (5 or 10 sessions)"),
            new ScorecardCallWall(E(r.CallWallHighHeldRate), E(r.CallWallCloseHeldRate)),
            new ScorecardPutWall(E(r.PutWallLowHeldRate), E(r.PutWallCloseHeldRate)),
            new ScorecardRegimes(ScorecardRegime.Of(r.AboveFlip), ScorecardRegime.Of(r.BelowFlip), ScorecardRegime.Of(r.PositiveGex), ScorecardRegime.Of(r.NegativeGex), r.WithoutFlip),
            new ScorecardBreaches(ScorecardHorizons.Of(r.Breaches.AboveCallWall), ScorecardHorizons.Of(r.Breaches.BelowPutWall)),
            new ScorecardPinning(E(r.Pinning.ExpiryDistancePct), E(r.Pinning.OtherDistancePct), E(r.Pinning.DifferencePct)),
            new ScorecardIncremental(E(r.SpearmanGexNextVariance), E(r.PartialSpearmanGivenAtmIv), E(r.PartialSpearmanGivenVix), E(r.PartialSpearmanGivenAtmIvAndVix)),
            [.. r.Strategies.Select(s => new ScorecardStrategy(s.Name, s.Rule, s.Hit, s.Outcome, s.HorizonSessions, E(s.HitRate), E(s.MeanOutcome), E(s.BaselineHitRate), E(s.BaselineMeanOutcome), s.WithinNoise))]);
    }
}
