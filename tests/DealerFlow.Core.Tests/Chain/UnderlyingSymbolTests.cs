using DealerFlow.Core.Chain;

namespace DealerFlow.Core.Tests.Chain;

public class UnderlyingSymbolTests
{
    [Theory]
    [InlineData("SPX", "SPX")]
    [InlineData("_SPX", "SPX")]
    [InlineData("^SPX", "SPX")]
    [InlineData("$SPX.X", "SPX")]
    [InlineData(" SPY", "SPY")]
    [InlineData("spy\n", "SPY")]
    [InlineData("BRK/B", "BRK.B")]
    [InlineData("brk.b", "BRK.B")]
    [InlineData("NDXP", "NDXP")]
    public void TryNormalize_VendorSpellings_GiveOneSymbol(string raw, string expected)
    {
        Assert.True(UnderlyingSymbol.TryNormalize(raw, out var s, out var why), why);
        Assert.Equal(expected, s);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("_", "is empty")]
    [InlineData("   ", "is empty")]
    [InlineData("SP\tX", "the control or space character U+0009 at position 3")]
    [InlineData("SPX^", "the character U+005E at position 4")]
    [InlineData("S PY", "the control or space character U+0020 at position 2")]
    [InlineData("BRK..B", "a leading, trailing or doubled dot at position 5")]
    [InlineData(".SPX", "a leading, trailing or doubled dot at position 1")]
    [InlineData("SPX.", "a leading, trailing or doubled dot at position 4")]
    [InlineData("ABCDEFGHIJKLM", "has 13 characters; a symbol has at most 12")]
    [InlineData("../etc", "a leading, trailing or doubled dot at position 1")]
    public void TryNormalize_Junk_IsRejectedWithTheReason(string raw, string reason)
    {
        Assert.False(UnderlyingSymbol.TryNormalize(raw, out var s, out var why));
        Assert.Equal("", s);
        Assert.Contains(reason, why, StringComparison.Ordinal);
    }
}
