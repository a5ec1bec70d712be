namespace DealerFlow.Core.Chain;

/// <summary>Call or put.</summary>
public enum OptionType : byte
{
    Call = 0,
    Put = 1,
}

/// <summary>When on its expiry date a contract settles (US/Eastern): AM = 09:30 open, PM = 16:00 close.</summary>
public enum SettlementStyle : byte
{
    PM = 0,
    AM = 1,
}
