namespace DealerFlow.Core.Chain;

/// <summary>Call or put.</summary>
public enum OptionType : byte
{
    /// <summary>The right to buy the underlying at the strike.</summary>
    Call = 0,

    /// <summary>The right to sell the underlying at the strike.</summary>
    Put = 1,
}

/// <summary>When on its expiry date a contract settles (US/Eastern): AM = 09:30 open, PM = 16:00 close.</summary>
public enum SettlementStyle : byte
{
    /// <summary>Settles at the 16:00 US/Eastern close of its expiry date (SPXW, NDXP, ETFs, equities).</summary>
    PM = 0,

    /// <summary>Settles at the 09:30 US/Eastern open of its expiry date (monthly SPX, NDX, RUT, DJX, VIX).</summary>
    AM = 1,
}
