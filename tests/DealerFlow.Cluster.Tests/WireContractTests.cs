using System.Reflection;
using DealerFlow.Cluster.Grains;

namespace DealerFlow.Cluster.Tests;

/// <summary>
/// The grain messages get their Orleans field ids from declaration order (GenerateFieldIds.PublicProperties), so
/// reordering two fields of the same type would silently swap them between two builds of a cluster during a rolling
/// upgrade, with no compile error. These tests pin every message's fields in order: a new field goes at the end (and
/// here), an existing one never moves.
/// </summary>
public sealed class WireContractTests
{
    private static readonly Dictionary<string, string[]> Pinned = new(StringComparer.Ordinal)
    {
        [nameof(UnderlyingUpdate)] = ["Symbol:String", "Kind:UpdateKind", "Activation:String", "Sequence:Int64", "Origin:String", "Chain:ChainSnapshot", "Spot:Double", "At:DateTimeOffset", "Simulated:Boolean", "Message:String"],
        [nameof(OfferResult)] = ["Accepted:Boolean", "Error:String", "Store:String", "StoreId:Int64?", "Levels:LevelsSummary"],
        [nameof(LevelsSummary)] = ["Spot:Double", "TotalGex:Double", "Unit:String", "Positioning:String", "ZeroGamma:Double?", "Crossings:Double[]", "CallWall:Double?", "PutWall:Double?", "Regime:String", "Contracts:Int32"],
        [nameof(SpotLevels)] = ["Spot:Double", "At:DateTimeOffset", "NetGex:Double", "Unit:String", "Regime:String", "Flip:Double?", "DistanceToFlipPct:Double?"],
        [nameof(UnderlyingView)] = ["Symbol:String", "Activation:String", "Sequence:Int64", "Chain:ChainSnapshot", "Origin:String", "Levels:LevelsSummary", "AtSpot:SpotLevels", "SpotSimulated:Boolean", "Error:String", "Restored:Boolean", "StoreId:Int64?"],
        [nameof(HubSubscription)] = ["New:Boolean", "Symbols:String[]"],
    };

    private static IEnumerable<Type> Messages() => typeof(UnderlyingUpdate).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<GenerateSerializerAttribute>() is { GenerateFieldIds: GenerateFieldIds.PublicProperties });

    [Fact]
    public void EveryMessage_ItsFieldsInThePinnedOrder()
    {
        var seen = new List<string>();
        foreach (var type in Messages())
        {
            seen.Add(type.Name);
            Assert.True(Pinned.TryGetValue(type.Name, out var pinned), $"{type.Name} crosses process boundaries: pin its fields in {nameof(WireContractTests)}.");
            // A positional record's properties in declaration order are its primary constructor's parameters.
            var fields = type.GetConstructors().MaxBy(c => c.GetParameters().Length)!.GetParameters().Select(p => $"{p.Name}:{TypeName(p.ParameterType)}").ToArray();
            Assert.True(pinned.SequenceEqual(fields), $"{type.Name}'s fields moved (field ids follow declaration order: add at the end only): pinned {string.Join(", ", pinned)}; now {string.Join(", ", fields)}");
        }
        Assert.Equal(Pinned.Keys.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    private static string TypeName(Type t) => Nullable.GetUnderlyingType(t) is { } inner ? inner.Name + "?" : t.Name;
}
