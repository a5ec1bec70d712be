using DealerFlow.Core.Chain;

namespace DealerFlow.Core.Tests.Chain;

public class OccSymbolTests
{
    [Theory]
    [InlineData("SPXW240105C04700000", "SPXW", 2024, 1, 5, OptionType.Call, 4700.0)]
    [InlineData("SPY251001P00500500", "SPY", 2025, 10, 1, OptionType.Put, 500.5)]
    [InlineData("NDXP220207C11000000", "NDXP", 2022, 2, 7, OptionType.Call, 11000.0)]
    [InlineData("SPY   251001P00500500", "SPY", 2025, 10, 1, OptionType.Put, 500.5)]
    public void TryParse_ValidSymbols_Parse(string text, string root, int y, int m, int d, OptionType type, double strike)
    {
        Assert.True(OccSymbol.TryParse(text, out var s));
        Assert.Equal(new OccSymbol(root, new DateOnly(y, m, d), type, strike), s);
        Assert.Equal(text.Replace(" ", ""), s.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("SPXW240105X04700000")]
    [InlineData("SPXW241305C04700000")]
    [InlineData("SPXW240230C04700000")]
    [InlineData("240105C04700000")]
    [InlineData("SPXW240105C0470000A")]
    [InlineData("SPXW240105C00000000")]
    public void TryParse_Malformed_ReturnsFalse(string text) => Assert.False(OccSymbol.TryParse(text, out _));
}
