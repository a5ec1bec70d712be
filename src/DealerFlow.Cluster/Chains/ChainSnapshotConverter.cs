using DealerFlow.Core.Chain;

namespace DealerFlow.Cluster.Chains;

/// <summary>A <see cref="ChainSnapshot"/> on the wire: its <see cref="ChainCodec"/> bytes (Core stays free of Orleans).</summary>
[GenerateSerializer]
internal struct ChainSnapshotSurrogate
{
    [Id(0)]
    public byte[] Bytes;
}

/// <summary>Lets Orleans send a <see cref="ChainSnapshot"/> in a grain call: encoded and decoded by <see cref="ChainCodec"/>, losslessly.</summary>
[RegisterConverter]
internal sealed class ChainSnapshotConverter : IConverter<ChainSnapshot, ChainSnapshotSurrogate>
{
    public ChainSnapshot ConvertFromSurrogate(in ChainSnapshotSurrogate surrogate) => ChainCodec.Decode(surrogate.Bytes);

    public ChainSnapshotSurrogate ConvertToSurrogate(in ChainSnapshot value) => new() { Bytes = ChainCodec.Encode(value) };
}
