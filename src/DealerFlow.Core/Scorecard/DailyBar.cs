namespace DealerFlow.Core.Scorecard;

/// <summary>One session's daily prices of the underlying, in price units. <see cref="AdjClose"/> and <see cref="Volume"/> when the file has them.</summary>
public readonly record struct DailyBar(DateOnly Date, double Open, double High, double Low, double Close, double? AdjClose = null, double? Volume = null);
