namespace DealerFlow.Data.Readers;

/// <summary>The option-chain file formats <see cref="ChainReader"/> understands (see docs/formats.md).</summary>
public enum ChainFormat
{
    /// <summary>CBOE delayed-quotes "quote table" CSV download: one strike row holds a call and a put.</summary>
    CboeCsv,

    /// <summary>CBOE delayed-quotes JSON (<c>{"timestamp", "data": {"options": [...]}}</c>).</summary>
    CboeJson,

    /// <summary>Schwab / TD Ameritrade <c>/marketdata/chains</c> JSON (<c>callExpDateMap</c>, <c>putExpDateMap</c>).</summary>
    Schwab,

    /// <summary>Massive (formerly Polygon.io) <c>/v3/snapshot/options/{underlying}</c> JSON (<c>results</c> with <c>details.ticker</c>).</summary>
    Massive,

    /// <summary>A yfinance option-chain dump as CSV (columns by name, <c>contractSymbol</c>, <c>impliedVolatility</c>).</summary>
    YFinance,

    /// <summary>DealerFlow's own one-row-per-contract CSV or JSON, columns by name.</summary>
    Normalized,
}
