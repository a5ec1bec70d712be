namespace DealerFlow.Web.Live;

/// <summary>A level alerts watch: its kind ("zero gamma", "call wall", "put wall"), price, and the side spot was last seen on (+1 above, -1 below, 0 inside the dead band).</summary>
internal readonly record struct ArmedLevel(string Kind, double Level, int Side);

/// <summary>
/// When spot crossing a level raises an alert: a pure function of the armed levels and the move, with no state of its
/// own. A level is crossed when spot leaves the dead band (<see cref="Band"/>) on the other side from where it was last
/// seen outside it, so a spot hovering on the level does not flap.
/// </summary>
internal static class AlertRules
{
    public const string ZeroGamma = "zero gamma";
    public const string CallWall = "call wall";
    public const string PutWall = "put wall";

    /// <summary>Dead band around a level, as a fraction of the level (0.05%: 2.4 points on SPX at 4,700).</summary>
    public const double Band = 0.0005;

    /// <summary>Which side of a level spot is on: +1 above, -1 below, 0 within the dead band.</summary>
    public static int SideOf(double spot, double level)
    {
        var m = level * Band;
        return spot > level + m ? 1 : spot < level - m ? -1 : 0;
    }

    /// <summary>
    /// The levels to watch after a recomputation at <paramref name="spot"/>: a level that has not moved keeps the side
    /// it had; a new or moved one starts from the side spot is on now; one that no longer exists (null) is dropped.
    /// </summary>
    public static IReadOnlyList<ArmedLevel> Arm(IReadOnlyList<ArmedLevel> armed, double spot, double? zeroGamma, double? callWall, double? putWall)
    {
        var next = new List<ArmedLevel>(3);
        foreach (var (kind, level) in new[] { (ZeroGamma, zeroGamma), (CallWall, callWall), (PutWall, putWall) })
        {
            if (level is not { } x) continue;
            var held = armed.FirstOrDefault(a => a.Kind == kind);
            next.Add(held.Kind is not null && held.Level == x ? held : new ArmedLevel(kind, x, SideOf(spot, x)));
        }
        return next;
    }

    /// <summary>
    /// The alerts a move of spot from <paramref name="from"/> to <paramref name="to"/> raises, in the order of
    /// <paramref name="armed"/>, and the levels with the sides seen after the move.
    /// </summary>
    public static (IReadOnlyList<ArmedLevel> Armed, IReadOnlyList<AlertEvent> Raised) Cross(string symbol, IReadOnlyList<ArmedLevel> armed, double from, double to, DateTimeOffset at)
    {
        var next = new ArmedLevel[armed.Count];
        var raised = new List<AlertEvent>();
        for (var i = 0; i < armed.Count; i++)
        {
            var a = armed[i];
            var side = SideOf(to, a.Level);
            next[i] = side == 0 ? a : a with { Side = side };
            if (side == 0 || a.Side == 0 || a.Side == side) continue;
            var direction = side > 0 ? "above" : "below";
            var message = string.Create(CultureInfo.InvariantCulture, $"{symbol} spot {to:0.00} crossed {direction} the {a.Kind} {a.Level:0.00} (from {from:0.00})");
            raised.Add(new AlertEvent(symbol, a.Kind, direction, a.Level, from, to, at, message));
        }
        return (next, raised);
    }
}
