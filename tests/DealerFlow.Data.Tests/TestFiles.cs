using System.IO.Compression;
using System.Text;
using DealerFlow.Data.Readers;

namespace DealerFlow.Data.Tests;

/// <summary>Where this project's fixtures live (the real chains: <see cref="RepoPaths"/>), and small helpers.</summary>
internal static class TestFiles
{
    public static string Fixture(string file) => Path.Combine(AppContext.BaseDirectory, "TestData", file);

    public static ChainReadResult ReadText(string text, string name = "test.csv", ReadOptions? options = null)
    {
        using var ms = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return ChainReader.Read(ms, name, options);
    }

    public static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(data);
        return ms.ToArray();
    }

    public static int IndexOf(DealerFlow.Core.Chain.ChainSnapshot s, string symbol)
    {
        for (var i = 0; i < s.Count; i++)
        {
            if (s.Symbol(i) == symbol) return i;
        }
        return -1;
    }
}
