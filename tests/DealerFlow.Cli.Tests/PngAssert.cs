using System.Buffers.Binary;

namespace DealerFlow.Cli.Tests;

/// <summary>Checks that a file is a PNG: the 8-byte signature, an IHDR chunk with the expected size, and more than a blank image's bytes.</summary>
internal static class PngAssert
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static void IsPng(string path, int width, int height)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 10_000, $"{path}: {bytes.Length} bytes is too small for a chart");
        Assert.Equal(Signature, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}
