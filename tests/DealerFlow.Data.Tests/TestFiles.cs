using System.IO.Compression;
using System.Text;
using DealerFlow.Data.Readers;

namespace DealerFlow.Data.Tests;

/// <summary>Where the shared real chains and this project's fixtures live, and small helpers.</summary>
internal static class TestFiles
{
    private static readonly Lazy<string> RepoRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DealerFlow.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("DealerFlow.slnx not found above " + AppContext.BaseDirectory);
    });

    /// <summary>The shared real data: always the sibling <c>shared</c> of the repository root.</summary>
    public static string SharedData(string file) =>
        Path.GetFullPath(Path.Combine(RepoRoot.Value, "..", "shared", "data", file));

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
