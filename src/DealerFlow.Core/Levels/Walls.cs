namespace DealerFlow.Core.Levels;

/// <summary>
/// Call wall, put wall and absolute gamma strike of one exposure by strike; each is null where no strike qualifies
/// (a file with only puts has no positive net strike, so no call wall). GEX values in the exposure's unit.
/// </summary>
public sealed record WallLevels(
    WallDefinition Definition,
    double? CallWall,
    double? CallWallGex,
    double? PutWall,
    double? PutWallGex,
    double? AbsoluteGammaStrike,
    double? AbsoluteGammaStrikeGex)
{
    /// <summary>How the walls were picked, in words.</summary>
    public string Description => Definition == WallDefinition.Net ? "net (calls and puts netted per strike)" : "side-only (call side and put side apart)";
}

/// <summary>Call wall, put wall and absolute gamma strike from the exposure by strike (docs/domain.md section 7).</summary>
public static class Walls
{
    /// <summary>
    /// Net: call wall = most positive net GEX, put wall = most negative. Side-only: the largest
    /// |call-side| and |put-side| GEX. Absolute gamma strike: the most unsigned GEX. A wall that does not exist is null.
    /// </summary>
    public static WallLevels Find(IReadOnlyList<StrikeExposure> byStrike, WallDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(byStrike);
        StrikeExposure? call = null, put = null, abs = null;
        var net = definition == WallDefinition.Net;
        foreach (var s in byStrike)
        {
            if (net)
            {
                if (s.Net > 0 && (call is null || s.Net > call.Net)) call = s;
                if (s.Net < 0 && (put is null || s.Net < put.Net)) put = s;
            }
            else
            {
                if (s.Calls != 0 && (call is null || Math.Abs(s.Calls) > Math.Abs(call.Calls))) call = s;
                if (s.Puts != 0 && (put is null || Math.Abs(s.Puts) > Math.Abs(put.Puts))) put = s;
            }
            if (s.Absolute > 0 && (abs is null || s.Absolute > abs.Absolute)) abs = s;
        }
        return new WallLevels(definition,
            call?.Strike, call is null ? null : net ? call.Net : call.Calls,
            put?.Strike, put is null ? null : net ? put.Net : put.Puts,
            abs?.Strike, abs?.Absolute);
    }

    /// <summary>Sets the wall fields of <paramref name="report"/> from <see cref="Find"/>.</summary>
    public static LevelsReport Fill(LevelsReport report, IReadOnlyList<StrikeExposure> byStrike, WallDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.WithWalls(Find(byStrike, definition));
    }
}
