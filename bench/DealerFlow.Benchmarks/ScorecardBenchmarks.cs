using BenchmarkDotNet.Attributes;
using DealerFlow.Core.Calendar;
using DealerFlow.Core.Scorecard;

namespace DealerFlow.Benchmarks;

/// <summary>
/// The whole scorecard (every figure, 2,000 bootstrap resamples each, seed 20260613) on 5,000 synthetic sessions: NYSE
/// sessions from 2007-01-03, a random-walk close with 1 % daily moves, walls 2 % either side, a flip 1 % below spot with
/// noise, GEX of either sign, ATM IV and a VIX close on every session. The target: under 2 s.
/// </summary>
public class ScorecardBenchmarks
{
    private ScoredSession[] _sessions = [];
    private DailyBar[] _bars = [];
    private DailyBar[] _vix = [];

    [Params(5_000)]
    public int Sessions { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(7);
        var bars = new List<DailyBar>();
        var sessions = new List<ScoredSession>();
        var vix = new List<DailyBar>();
        var d = new DateOnly(2007, 1, 3);
        var close = 1400.0;
        for (var i = 0; i < Sessions + 10; i++)
        {
            var open = close;
            close *= Math.Exp(0.01 * (rng.NextDouble() * 2 - 1) * Math.Sqrt(3));
            var high = Math.Max(open, close) * (1 + 0.004 * rng.NextDouble());
            var low = Math.Min(open, close) * (1 - 0.004 * rng.NextDouble());
            bars.Add(new DailyBar(d, open, high, low, close));
            vix.Add(new DailyBar(d, 15, 30, 10, 12 + 20 * rng.NextDouble()));
            if (i < Sessions)
            {
                sessions.Add(new ScoredSession
                {
                    Session = d,
                    Spot = close,
                    CallWall = Math.Round(close * 1.02 / 25) * 25,
                    PutWall = Math.Round(close * 0.98 / 25) * 25,
                    ZeroGamma = close * (0.99 + 0.02 * (rng.NextDouble() - 0.5)),
                    TotalGex = 1e9 * (rng.NextDouble() - 0.3),
                    AtmIv = 0.1 + 0.2 * rng.NextDouble(),
                    AbsoluteGammaStrike = Math.Round(close / 50) * 50,
                });
            }
            d = TradingCalendar.NextSession(d);
        }
        (_bars, _sessions, _vix) = (bars.ToArray(), sessions.ToArray(), vix.ToArray());
    }

    [Benchmark]
    public int Score() => Scorecard.Score(_sessions, _bars, vix: _vix).Scored;
}
