namespace DealerFlow.Core.Exposure;

/// <summary>
/// The hypothetical spots of a gamma profile and of the zero-gamma scan: <see cref="Count"/> spots
/// uniform in ln S from S0 (1 - range) to S0 (1 + range), S0 the chain's spot in price units:
/// S_k = S0 e^{u_k}, u_k = ln(1 - range) + k h, h = (ln(1 + range) - ln(1 - range)) / (Count - 1),
/// the end spots set to exactly S0 (1 - range) and S0 (1 + range). Uniform in ln S (not in S) so
/// that d1 moves by the same step a = h / (sigma sqrt T) from one spot to the next, which is what
/// lets <see cref="GammaSweep.Profile(PricedChain, SpotGrid, Span{double}, Span{double}, int, bool)"/>
/// replace most exps by a Gaussian recurrence. The one rule for that grid: the profile, the
/// zero-gamma scan, the dense and scalar references and the tests all take it from here.
/// This type is immutable and thread-safe.
/// </summary>
public sealed class SpotGrid
{
    private readonly Shape _shape;
    private readonly double[] _spots;

    private SpotGrid(double spot, Shape shape, double[] spots)
    {
        Spot = spot;
        _shape = shape;
        _spots = spots;
    }

    /// <summary>The reference spot S0 (the chain's spot), price units.</summary>
    public double Spot { get; }

    /// <summary>The step h in ln S between neighbouring spots.</summary>
    public double Step => _shape.Step;

    /// <summary>Number of spots.</summary>
    public int Count => _spots.Length;

    /// <summary>u_k = ln(S_k / S0) = ln(1 - range) + k h: the offsets the sweeps evaluate d1 at (d1 = A u + D).</summary>
    public ReadOnlySpan<double> Offsets => _shape.Offsets;

    /// <summary>The spots S_k = S0 e^{u_k}, ascending, price units (ends exactly S0 (1 -/+ range)).</summary>
    public ReadOnlySpan<double> Spots => _spots;

    /// <summary>The grid of <paramref name="points"/> spots over S0 (1 -/+ <paramref name="range"/>), uniform in ln S.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A spot that is not positive and finite, a range outside (0, 1), or fewer than 2 points.</exception>
    public static SpotGrid Around(double spot, double range, int points)
    {
        if (!(spot > 0) || !double.IsFinite(spot)) throw new ArgumentOutOfRangeException(nameof(spot), spot, "Spot must be positive and finite.");
        if (!(range is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(range), range, "Search range must be a fraction between 0 and 1.");
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        // The offsets and their exps depend on range and points only: the last pair is kept (one grid shape serves a
        // whole market), and S_k = S0 e^{u_k} is the same product whichever call computed e^{u_k}.
        var shape = _lastShape;
        if (shape is null || shape.Range != range || shape.Points != points) _lastShape = shape = Shape.Of(range, points);
        var spots = new double[points];
        var growth = shape.Growth;
        for (var k = 0; k < points; k++) spots[k] = spot * growth[k];
        spots[0] = spot * (1 - range);
        spots[^1] = spot * (1 + range);
        return new SpotGrid(spot, shape, spots);
    }

    private static Shape? _lastShape;

    /// <summary>u_k = ln(1 - range) + k h and e^{u_k} for one (range, points); immutable, shared by the grids of that shape.</summary>
    private sealed record Shape(double Range, int Points, double Step, double[] Offsets, double[] Growth)
    {
        public static Shape Of(double range, int points)
        {
            var lo = Math.Log(1 - range);
            var hi = Math.Log(1 + range);
            var h = (hi - lo) / (points - 1);
            var offsets = new double[points];
            var growth = new double[points];
            for (var k = 0; k < points; k++)
            {
                offsets[k] = lo + k * h;
                growth[k] = Math.Exp(offsets[k]);
            }
            return new Shape(range, points, h, offsets, growth);
        }
    }
}
