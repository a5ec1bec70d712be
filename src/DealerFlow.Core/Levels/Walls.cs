namespace DealerFlow.Core.Levels;

/// <summary>Call wall, put wall and absolute gamma strike from the exposure by strike (docs/domain.md section 7).</summary>
public static class Walls
{
    /// <summary>
    /// Net: call wall = most positive net GEX, put wall = most negative. Side-only: the largest
    /// |call-side| and |put-side| GEX. Absolute gamma strike: the most unsigned GEX. Sets the wall
    /// fields of <paramref name="report"/>; a wall that does not exist stays null.
    /// </summary>
    public static LevelsReport Fill(LevelsReport report, IReadOnlyList<StrikeExposure> byStrike, WallDefinition definition)
    {
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
        var unit = report.TotalGex.Unit;
        return report with
        {
            CallWall = call?.Strike,
            CallWallGex = call is null ? null : new Amount(net ? call.Net : call.Calls, unit),
            PutWall = put?.Strike,
            PutWallGex = put is null ? null : new Amount(net ? put.Net : put.Puts, unit),
            WallDefinition = net ? "net (calls and puts netted per strike)" : "side-only (call side and put side apart)",
            AbsoluteGammaStrike = abs?.Strike,
            AbsoluteGammaStrikeGex = abs is null ? null : new Amount(abs.Absolute, unit),
        };
    }
}
