namespace DealerFlow.Cli.Tests;

/// <summary>Issue 11, finding 1: <c>levels</c> on a file cut short mid-row exits 3 and says why, unless <c>--allow-partial</c>.</summary>
public sealed class LevelsPartialTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = Cli.Commands.Cli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static string CutMidRow()
    {
        var bytes = File.ReadAllBytes(Path.Combine(RepoPaths.SpySeries, "spy_quotedata_2025-05-01_0828.csv"));
        var cut = (int)(bytes.Length * 0.37);
        while (bytes[cut - 1] is (byte)'\n' or (byte)'\r') cut++;
        var path = Path.Combine(Path.GetTempPath(), $"df-{Guid.NewGuid():N}-spy_quotedata_2025-05-01_0828.csv");
        File.WriteAllBytes(path, bytes[..cut]);
        return path;
    }

    [Fact]
    public void TruncatedFile_ExitsThree_AndSaysWhy()
    {
        var path = CutMidRow();
        try
        {
            var (code, output, err) = Run("levels", path);
            Assert.Equal(3, code);
            Assert.Equal("", output);
            Assert.Contains("cut short", err);
            Assert.Contains("--allow-partial", err);
            Assert.DoesNotContain("   at ", err);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void TruncatedFile_WithAllowPartial_ExitsZero()
    {
        var path = CutMidRow();
        try
        {
            var (code, output, _) = Run("levels", path, "--allow-partial");
            Assert.Equal(0, code);
            Assert.Contains("SPY", output);
        }
        finally { File.Delete(path); }
    }
}
