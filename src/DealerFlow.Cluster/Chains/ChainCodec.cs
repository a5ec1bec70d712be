using System.Runtime.InteropServices;
using DealerFlow.Core.Chain;

namespace DealerFlow.Cluster.Chains;

/// <summary>
/// A compact, lossless byte encoding of a <see cref="ChainSnapshot"/>: the header (underlying, spot, instant with its
/// offset, source), the roots once, then each column as raw values in the machine's byte order (little-endian on x64 and arm64) (NaN stays NaN, bit for bit). One
/// encoding for the two places a chain leaves a process in scale-out mode: an Orleans message
/// (<see cref="ChainSnapshotConverter"/>) and the raw bytes a grain stores with each snapshot, from which a grain
/// restores its chain on activation. This type is stateless and thread-safe.
/// </summary>
internal static class ChainCodec
{
    /// <summary>The format code the stored raw bytes carry (the snapshots table's source format).</summary>
    public const string Format = "dealerflow-chain-v1";

    private const byte Version = 1;

    public static byte[] Encode(ChainSnapshot chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var n = chain.Count;
        using var ms = new MemoryStream(64 + n * 100);
        using (var w = new BinaryWriter(ms))
        {
            w.Write(Version);
            w.Write(chain.Underlying);
            w.Write(chain.Spot);
            w.Write(chain.Instant.Ticks);
            w.Write((short)chain.Instant.Offset.TotalMinutes);
            w.Write(chain.Source);
            w.Write(n);
            var roots = new Dictionary<string, int>(StringComparer.Ordinal);
            var rootIndex = new int[n];
            for (var i = 0; i < n; i++)
            {
                var root = chain.Root(i);
                if (!roots.TryGetValue(root, out var ri)) roots.Add(root, ri = roots.Count);
                rootIndex[i] = ri;
            }
            w.Write(roots.Count);
            foreach (var root in roots.OrderBy(kv => kv.Value)) w.Write(root.Key);
            w.Write(MemoryMarshal.AsBytes(rootIndex.AsSpan()));
            Span<int> days = n <= 4096 ? stackalloc int[n] : new int[n];
            for (var i = 0; i < n; i++) days[i] = chain.Expiry[i].DayNumber;
            w.Write(MemoryMarshal.AsBytes(days));
            foreach (var t in chain.Type) w.Write((byte)t);
            foreach (var s in chain.Settlement) w.Write((byte)s);
            Doubles(w, chain.Strike);
            Doubles(w, chain.Bid);
            Doubles(w, chain.Ask);
            Doubles(w, chain.Last);
            Doubles(w, chain.Volume);
            Doubles(w, chain.OpenInterest);
            Doubles(w, chain.VendorIv);
            Doubles(w, chain.VendorDelta);
            Doubles(w, chain.VendorGamma);
            Doubles(w, chain.Multiplier);
            w.Write(MemoryMarshal.AsBytes(chain.SourceLine));
        }
        return ms.ToArray();
    }

    /// <summary>The chain <paramref name="bytes"/> encode.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a chain in this encoding (another version, cut short, a value out of range).</exception>
    public static ChainSnapshot Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            using var ms = new MemoryStream(bytes.ToArray(), writable: false);
            using var r = new BinaryReader(ms);
            var version = r.ReadByte();
            if (version != Version) throw new InvalidDataException($"chain encoding version {version}, expected {Version}");
            var underlying = r.ReadString();
            var spot = r.ReadDouble();
            var ticks = r.ReadInt64();
            var offset = TimeSpan.FromMinutes(r.ReadInt16());
            var source = r.ReadString();
            var n = r.ReadInt32();
            var rootCount = r.ReadInt32();
            if (n < 0 || rootCount < 0 || rootCount > n + 1) throw new InvalidDataException($"{n} contracts with {rootCount} roots");
            var roots = new string[rootCount];
            for (var i = 0; i < rootCount; i++) roots[i] = r.ReadString();
            var rootIndex = Ints(r, n);
            var days = Ints(r, n);
            var types = r.ReadBytes(n);
            var settlements = r.ReadBytes(n);
            var strike = Doubles(r, n);
            var bid = Doubles(r, n);
            var ask = Doubles(r, n);
            var last = Doubles(r, n);
            var volume = Doubles(r, n);
            var oi = Doubles(r, n);
            var iv = Doubles(r, n);
            var delta = Doubles(r, n);
            var gamma = Doubles(r, n);
            var multiplier = Doubles(r, n);
            var line = Ints(r, n);
            if (types.Length != n || settlements.Length != n) throw new InvalidDataException("cut short");
            var b = new ChainBuilder(n);
            for (var i = 0; i < n; i++)
            {
                if ((uint)rootIndex[i] >= (uint)rootCount) throw new InvalidDataException($"contract {i}: root index {rootIndex[i]} of {rootCount}");
                b.Add(new OptionQuote(roots[rootIndex[i]], DateOnly.FromDayNumber(days[i]), (OptionType)types[i], strike[i], bid[i], ask[i], last[i], volume[i], oi[i], iv[i], delta[i], gamma[i], line[i])
                {
                    Multiplier = multiplier[i],
                    Settlement = (SettlementStyle)settlements[i],
                });
            }
            return b.Build(underlying, spot, new DateTimeOffset(ticks, offset), source);
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException)
        {
            throw new InvalidDataException($"Not a chain in the {Format} encoding: {e.Message}", e);
        }
    }

    private static void Doubles(BinaryWriter w, ReadOnlySpan<double> values) => w.Write(MemoryMarshal.AsBytes(values));

    private static double[] Doubles(BinaryReader r, int n)
    {
        var a = new double[n];
        ReadExactly(r, MemoryMarshal.AsBytes(a.AsSpan()));
        return a;
    }

    private static int[] Ints(BinaryReader r, int n)
    {
        var a = new int[n];
        ReadExactly(r, MemoryMarshal.AsBytes(a.AsSpan()));
        return a;
    }

    private static void ReadExactly(BinaryReader r, Span<byte> into)
    {
        if (r.Read(into) != into.Length) throw new EndOfStreamException("cut short");
    }
}
