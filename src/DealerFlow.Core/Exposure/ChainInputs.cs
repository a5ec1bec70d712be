using DealerFlow.Core.Chain;
using DealerFlow.Core.Pricing;
using DealerFlow.Core.Time;

namespace DealerFlow.Core.Exposure;

/// <summary>One expiry as the levels were computed from it. Years are 365-day years to <see cref="Settlement"/>; carry b = ln(F/S)/T.</summary>
public sealed record ExpiryInput(DateOnly Expiry, string SettlementStyle, DateTimeOffset Settlement, double Years, double Forward, string ForwardSource, double QuotedForward, double Carry, double? AtmIv, int Contracts);

/// <summary>One contract as it entered the exposure: IV and its source, delta and gamma (per share, per $1) at spot, open interest, signed dealer position in contracts.</summary>
public sealed record ContractInput(string Symbol, OptionType Type, double Strike, DateOnly Expiry, string SettlementStyle, double Iv, string IvSource, double Delta, double Gamma, double OpenInterest, double Position);

/// <summary>Everything a priced chain's levels were computed from (issue 9, <c>dealerflow inputs</c>).</summary>
public sealed record ChainInputsReport(
    string Underlying,
    double Spot,
    DateTimeOffset AsOf,
    QuoteSyncResult? QuoteSync,
    IReadOnlyDictionary<string, int> IvSources,
    IReadOnlyList<ExpiryInput> Expiries,
    IReadOnlyList<ContractInput> Contracts);

/// <summary>Lists the inputs of a <see cref="PricedChain"/>; the greeks come from <see cref="SpotGreeks"/>, the same as the levels'.</summary>
public static class ChainInputs
{
    /// <summary>The JSON and CLI code of an IV origin: "otmMid", "otherSideMid", "ownMid", "vendor", "interpolated" or "none".</summary>
    public static string IvSourceCode(IvOrigin origin) => origin switch
    {
        IvOrigin.OtmMid => "otmMid",
        IvOrigin.OtherSideMid => "otherSideMid",
        IvOrigin.OwnMid => "ownMid",
        IvOrigin.Vendor => "vendor",
        IvOrigin.Interpolated => "interpolated",
        _ => "none",
    };

    /// <summary>
    /// Every input of the levels of <paramref name="chain"/>: per contract its IV and IV source, delta and gamma
    /// at spot (per share, gamma per $1, from <see cref="SpotGreeks"/> as the levels use them), open interest and
    /// signed dealer position in contracts (positive = dealers long); per expiry its settlement instant, T in
    /// 365-day years, forward and its source ("flat", "parity" or "parityReanchored"), the forward as quoted,
    /// carry b = ln(F/S)/T, and ATM IV (the mean IV of the contracts at the strike nearest the forward); and the
    /// count of contracts per IV source.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="chain"/> is null.</exception>
    public static ChainInputsReport Describe(PricedChain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var n = chain.Count;
        var (gamma, delta, _, _) = SpotGreekColumns.At(chain, chain.Spot);
        var snap = chain.Snapshot;
        var contracts = new ContractInput[n];
        var sources = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var atm = new (double Gap, double Sum, int Count)[chain.Expiries.Count];
        Array.Fill(atm, (double.PositiveInfinity, 0, 0));
        for (var j = 0; j < n; j++)
        {
            var i = chain.ContractIndexColumn[j];
            var e = chain.ExpiryIndexColumn[j];
            var x = chain.Expiries[e];
            var origin = chain.IvOrigins.Count > i ? chain.IvOrigins[i] : IvOrigin.None;
            var code = IvSourceCode(origin);
            sources[code] = sources.GetValueOrDefault(code) + 1;
            var multiplier = snap.Multiplier[i];
            contracts[j] = new ContractInput(snap.Symbol(i), snap.Type[i], snap.Strike[i], x.Date, x.Settlement.ToString(), chain.VolColumn[j], code,
                delta[j], gamma[j], snap.OpenInterest[i], chain.PositionColumn[j] / multiplier);
            var gap = Math.Abs(snap.Strike[i] - x.Forward);
            ref var a = ref atm[e];
            if (gap < a.Gap - 1e-9) a = (gap, chain.VolColumn[j], 1);
            else if (Math.Abs(gap - a.Gap) <= 1e-9) a = (a.Gap, a.Sum + chain.VolColumn[j], a.Count + 1);
        }
        var expiries = chain.Expiries.Select((x, e) => new ExpiryInput(x.Date, x.Settlement.ToString(), Time.Settlement.ExpiryInstant(x.Date, x.Settlement), x.Years, x.Forward,
            !x.ForwardFromParity ? "flat" : x.Forward != x.QuotedForward ? "parityReanchored" : "parity", x.QuotedForward, x.Carry,
            atm[e].Count > 0 ? atm[e].Sum / atm[e].Count : null, x.Contracts)).ToArray();
        // In the snapshot's row order (the pricer lists a strike's call-put pairs first).
        Array.Sort(chain.ContractIndexColumn.ToArray(), contracts);
        return new ChainInputsReport(snap.Underlying, chain.Spot, chain.Instant, chain.QuoteSync, sources, expiries, contracts);
    }
}
