using System.Globalization;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Pricing;

namespace DealerFlow.Core.Hedging;

/// <summary>The unit of a re-hedge tolerance.</summary>
public enum ToleranceKind
{
    /// <summary>Shares of underlying of net delta.</summary>
    Shares,

    /// <summary>Delta per contract held (0.05 = 5 deltas per contract): tolerance in shares = value x |contracts| x multiplier.</summary>
    DeltaPerContract,

    /// <summary>$ of delta notional: tolerance in shares = value / spot.</summary>
    Notional,
}

/// <summary>A re-hedge tolerance: desks trade when |net delta| of a slice exceeds it.</summary>
public readonly record struct Tolerance(ToleranceKind Kind, double Value)
{
    /// <summary>The tolerance in shares for a slice holding <paramref name="absPosition"/> shares per unit delta (sum of |contracts| x multiplier), at <paramref name="spot"/>.</summary>
    public double SharesFor(double absPosition, double spot) => Kind switch
    {
        ToleranceKind.Shares => Value,
        ToleranceKind.DeltaPerContract => Value * absPosition,
        _ => Value / spot,
    };

    /// <summary>The tolerance in words: "250,000 shares", "0.05 delta per contract" or "$1,000,000 of delta notional".</summary>
    public string Describe() => Kind switch
    {
        ToleranceKind.Shares => Value.ToString("#,0.##", CultureInfo.InvariantCulture) + " shares",
        ToleranceKind.DeltaPerContract => Value.ToString("0.####", CultureInfo.InvariantCulture) + " delta per contract",
        _ => "$" + Value.ToString("#,0", CultureInfo.InvariantCulture) + " of delta notional",
    };
}

/// <summary>One slice (a strike of one expiry, calls and puts together) and the move that triggers its re-hedge.</summary>
/// <param name="Gamma">Dealer gamma of the slice at spot, shares per $1 (positive = long gamma).</param>
/// <param name="ToleranceShares">The slice's tolerance in shares.</param>
/// <param name="TriggerMove">tolerance / |gamma|, price units; null when the slice has no gamma.</param>
/// <param name="TriggerMovePct">The trigger move as % of spot.</param>
/// <param name="Expiry">The slice's expiry date.</param>
/// <param name="DaysToExpiry">Calendar days from the snapshot's US/Eastern date to the expiry.</param>
/// <param name="Strike">The slice's strike, price units.</param>
/// <param name="Contracts">Contracts in the slice, sum of |signed position| / multiplier over its calls and puts.</param>
public sealed record SliceBand(DateOnly Expiry, int DaysToExpiry, double Strike, double Contracts, double Gamma, double ToleranceShares, double? TriggerMove, double? TriggerMovePct);

/// <summary>Re-hedge trigger for the whole book or one expiry.</summary>
/// <param name="Gamma">Dealer gamma at spot, shares per $1.</param>
/// <param name="ApproxMove">tolerance / |gamma|, price units; null without gamma.</param>
/// <param name="UpTrigger">Exact: the lowest spot above the current one where |D(S) - D(S0)| reaches the tolerance; null if not within the search range.</param>
/// <param name="DownTrigger">Exact: the highest spot below the current one where it does.</param>
/// <param name="Scope">"book" for the whole chain, or one expiry as "yyyy-MM-dd AM|PM".</param>
/// <param name="ToleranceShares">The tolerance in shares for this scope (<see cref="Tolerance.SharesFor"/>).</param>
public sealed record BookBand(string Scope, double Gamma, double ToleranceShares, double? ApproxMove, double? UpTrigger, double? DownTrigger);

/// <summary>One cell of the hedging-frequency table: contracts of a moneyness bucket and a DTE bucket.</summary>
/// <param name="Contracts">Open contracts in the cell (|signed| sum).</param>
/// <param name="GammaPerContract">|position|-weighted gamma of one contract's delta, per $1 (delta units per $1).</param>
/// <param name="TriggerMove">delta tolerance / gamma: the move in price units that moves one contract's delta by the tolerance.</param>
/// <param name="RehedgesPerDay">(S sigma / sqrt 252 / trigger)^2: expected band exits per trading day for a Brownian spot at the cell's IV.</param>
/// <param name="Moneyness">The moneyness bucket's label, on K/F - 1 in % (<see cref="RehedgeBands.MoneynessEdges"/>).</param>
/// <param name="Dte">The days-to-expiry bucket's label (<see cref="RehedgeBands.DteEdges"/>).</param>
/// <param name="TriggerMovePct">The trigger move as % of spot.</param>
/// <param name="Iv">|position|-weighted mean IV of the cell's contracts, fraction; null for an empty cell.</param>
public sealed record FrequencyCell(string Moneyness, string Dte, double Contracts, double? GammaPerContract, double? TriggerMove, double? TriggerMovePct, double? Iv, double? RehedgesPerDay);

/// <summary>Re-hedge bands of a chain.</summary>
public sealed record BandsReport(
    string Tolerance,
    double FrequencyDeltaTolerance,
    IReadOnlyList<BookBand> Book,
    IReadOnlyList<SliceBand> Slices,
    IReadOnlyList<string> MoneynessBuckets,
    IReadOnlyList<string> DteBuckets,
    IReadOnlyList<FrequencyCell> Frequency);

/// <summary>
/// Re-hedge bands (docs/domain.md section 8): a slice with dealer gamma G (shares per $1) drifts out of a
/// tolerance of tau shares after a move of about tau / |G|. Gamma is Black-Scholes at spot, own IV.
/// </summary>
public static class RehedgeBands
{
    /// <summary>Moneyness buckets on K/F - 1 in %: upper edges (the last is open).</summary>
    public static readonly double[] MoneynessEdges = [-10, -5, -2, -0.5, 0.5, 2, 5, 10];

    /// <summary>DTE buckets: inclusive upper edges in calendar days (the last is open).</summary>
    public static readonly int[] DteEdges = [0, 1, 7, 30, 90];

    /// <summary>Band report: book and per-expiry triggers, slices within <paramref name="sliceRange"/> (fraction of spot), and the frequency table with <paramref name="deltaPerContract"/> tolerance.</summary>
    public static BandsReport Compute(PricedChain chain, Tolerance tolerance, double deltaPerContract, double sliceRange = 0.05, double searchRange = 0.2)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (!(tolerance.Value > 0) || !double.IsFinite(tolerance.Value)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance.Value, "Tolerance must be positive.");
        if (!(deltaPerContract > 0)) throw new ArgumentOutOfRangeException(nameof(deltaPerContract), deltaPerContract, "Delta tolerance must be positive.");
        var spot = chain.Spot;
        var ne = chain.Expiries.Count;
        var gammaExp = new double[ne];
        var absExp = new double[ne];
        var slices = new Dictionary<(int E, double K), (double Gamma, double Abs, double Contracts)>();
        var cellContracts = new double[MoneynessEdges.Length + 1, DteEdges.Length + 1];
        var multiplier = chain.Snapshot.Multiplier;
        var rows = MoneynessEdges.Length + 1;
        var cols = DteEdges.Length + 1;
        var cellAbs = new double[rows, cols];
        var cellGamma = new double[rows, cols];
        var cellVol = new double[rows, cols];
        double gammaAll = 0, absAll = 0;
        for (var j = 0; j < chain.Count; j++)
        {
            var gamma = BlackScholes.Gamma(new OptionInputs(chain.Type[j], spot, chain.Strike[j], chain.Years[j], chain.Rate, chain.Carry[j], chain.Vol[j]));
            var pos = chain.Position[j];
            var abs = Math.Abs(pos);
            var e = chain.ExpiryIndex[j];
            gammaExp[e] += pos * gamma;
            absExp[e] += abs;
            gammaAll += pos * gamma;
            absAll += abs;
            var key = (e, chain.Strike[j]);
            var s = slices.TryGetValue(key, out var v) ? v : (0, 0, 0);
            var contracts = abs / multiplier[chain.ContractIndex[j]];
            slices[key] = (s.Gamma + pos * gamma, s.Abs + abs, s.Contracts + contracts);
            var x = chain.Expiries[e];
            var r = Bucket((chain.Strike[j] / x.Forward - 1) * 100, MoneynessEdges);
            var c = Bucket(x.DaysToExpiry, DteEdges);
            cellAbs[r, c] += abs;
            cellContracts[r, c] += contracts;
            cellGamma[r, c] += abs * gamma;
            cellVol[r, c] += abs * chain.Vol[j];
        }

        var book = new List<BookBand> { Band(chain, "book", -1, gammaAll, tolerance.SharesFor(absAll, spot), searchRange) };
        for (var e = 0; e < ne; e++)
            book.Add(Band(chain, $"{chain.Expiries[e].Date:yyyy-MM-dd} {chain.Expiries[e].Settlement}", e, gammaExp[e], tolerance.SharesFor(absExp[e], spot), searchRange));

        var sliceRows = new List<SliceBand>();
        foreach (var ((e, k), (g, abs, n)) in slices.OrderBy(kv => kv.Key.E).ThenBy(kv => kv.Key.K))
        {
            if (Math.Abs(k / spot - 1) > sliceRange) continue;
            var tol = tolerance.SharesFor(abs, spot);
            double? move = g != 0 ? tol / Math.Abs(g) : null;
            sliceRows.Add(new SliceBand(chain.Expiries[e].Date, chain.Expiries[e].DaysToExpiry, k, n, g, tol, move, move / spot * 100));
        }

        var mLabels = Labels(MoneynessEdges, "%");
        var dLabels = DteLabels();
        var cells = new List<FrequencyCell>();
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                var abs = cellAbs[r, c];
                if (abs == 0)
                {
                    cells.Add(new FrequencyCell(mLabels[r], dLabels[c], 0, null, null, null, null, null));
                    continue;
                }
                var gpc = cellGamma[r, c] / abs;
                var iv = cellVol[r, c] / abs;
                double? trig = gpc > 0 ? deltaPerContract / gpc : null;
                double? perDay = trig is { } t ? Math.Pow(spot * iv / Math.Sqrt(252) / t, 2) : null;
                cells.Add(new FrequencyCell(mLabels[r], dLabels[c], cellContracts[r, c], gpc, trig, trig / spot * 100, iv, perDay));
            }
        }
        return new BandsReport(tolerance.Describe(), deltaPerContract, book, sliceRows, mLabels, dLabels, cells);
    }

    /// <summary>The move that triggers a re-hedge of tolerance <paramref name="toleranceShares"/> for gamma <paramref name="gamma"/> (shares per $1): tolerance / |gamma|, or null without gamma.</summary>
    public static double? TriggerMove(double toleranceShares, double gamma) => gamma != 0 ? toleranceShares / Math.Abs(gamma) : null;

    private static BookBand Band(PricedChain chain, string scope, int expiry, double gamma, double tol, double searchRange)
    {
        var s0 = chain.Spot;
        var d0 = DeltaProfile.Net(chain, s0, expiry);
        return new BookBand(scope, gamma, tol, TriggerMove(tol, gamma), Edge(+1), Edge(-1));

        double? Edge(int dir)
        {
            // March outward in 0.05% steps, then bisect the crossing of |D(S) - D0| = tol.
            var step = s0 * 0.0005 * dir;
            var prev = s0;
            var limit = (int)(searchRange / 0.0005);
            for (var i = 1; i <= limit; i++)
            {
                var s = s0 + step * i;
                if (Math.Abs(DeltaProfile.Net(chain, s, expiry) - d0) >= tol)
                {
                    double lo = prev, hi = s;
                    for (var it = 0; it < 50; it++)
                    {
                        var mid = 0.5 * (lo + hi);
                        if (Math.Abs(DeltaProfile.Net(chain, mid, expiry) - d0) >= tol) hi = mid; else lo = mid;
                    }
                    return 0.5 * (lo + hi);
                }
                prev = s;
            }
            return null;
        }
    }

    private static int Bucket(double value, double[] edges)
    {
        for (var i = 0; i < edges.Length; i++)
        {
            if (value < edges[i]) return i;
        }
        return edges.Length;
    }

    private static int Bucket(int dte, int[] edges)
    {
        for (var i = 0; i < edges.Length; i++)
        {
            if (dte <= edges[i]) return i;
        }
        return edges.Length;
    }

    private static string[] Labels(double[] edges, string unit)
    {
        var inv = CultureInfo.InvariantCulture;
        var list = new List<string> { $"< {edges[0].ToString(inv)}{unit}" };
        for (var i = 1; i < edges.Length; i++) list.Add($"{edges[i - 1].ToString(inv)}..{edges[i].ToString(inv)}{unit}");
        list.Add($">= {edges[^1].ToString(inv)}{unit}");
        return list.ToArray();
    }

    private static string[] DteLabels()
    {
        var list = new List<string> { "0 DTE" };
        for (var i = 1; i < DteEdges.Length; i++)
            list.Add(DteEdges[i] == DteEdges[i - 1] + 1 ? $"{DteEdges[i]} DTE" : $"{DteEdges[i - 1] + 1}-{DteEdges[i]} DTE");
        list.Add($"> {DteEdges[^1]} DTE");
        return list.ToArray();
    }
}
