namespace DealerFlow.Core.Scorecard;

/// <summary>
/// One session's daily prices of the underlying, in price units. <see cref="AdjClose"/> and <see cref="Volume"/> when the
/// file has them. A close-only series (a published GEX series' price column) has NaN open, high and low
/// (<see cref="HasRange"/> false): figures that need the session's range leave such sessions out rather than read a 0.
/// </summary>
public readonly record struct DailyBar(DateOnly Date, double Open, double High, double Low, double Close, double? AdjClose = null, double? Volume = null)
{
    /// <summary>A bar that knows only its close.</summary>
    public static DailyBar CloseOnly(DateOnly date, double close) => new(date, double.NaN, double.NaN, double.NaN, close);

    /// <summary>True when the bar has a high and a low.</summary>
    public bool HasRange => double.IsFinite(High) && double.IsFinite(Low);
}
