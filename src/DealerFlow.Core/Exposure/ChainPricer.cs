using System.Buffers;
using DealerFlow.Core.Chain;
using DealerFlow.Core.Pricing;
using DealerFlow.Core.Time;

namespace DealerFlow.Core.Exposure;

/// <summary>
/// Turns a chain snapshot into a <see cref="PricedChain"/>: time to each settlement instant, a
/// forward per expiry, an IV per contract, a signed dealer position per contract; every contract
/// that cannot enter the exposure is counted under its <see cref="Exclusion"/> reason.
/// </summary>
public static class ChainPricer
{
    private const int ExamplesPerReason = 5;

    /// <summary>Vendor IVs outside [1 %, 500 %] are not used even as a solver start.</summary>
    private const double MinGuessVol = 0.01, MaxGuessVol = 5;

    /// <summary>
    /// Prices <paramref name="chain"/> under <paramref name="settings"/> (docs/domain.md sections 3-5). Contracts are
    /// grouped by settlement instant (an SPX AM and an SPXW PM expiry on one date stay apart); T is 365-day years to
    /// that instant. Each live expiry gets a parity forward F = K + e^{rT}(C - P) from near-the-money mids
    /// (<see cref="ForwardMode.Implied"/>), else F = S e^{(r - q)T}; quote sync may then rescale the parity forwards
    /// to the file's spot (<see cref="QuoteSync"/>). Each contract's IV follows <see cref="EngineSettings.Iv"/>;
    /// its signed position is sign x OI x multiplier plus any overlay, in shares per unit delta (positive = dealers long).
    /// Contracts that are expired (T &lt;= 0), outside the filter, with no position, or with no usable IV are left out and
    /// counted under their <see cref="Exclusion"/>, with up to five examples each; nothing is priced with a zero IV.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="chain"/> or <paramref name="settings"/> is null.</exception>
    public static PricedChain Price(ChainSnapshot chain, EngineSettings settings)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(settings);
        var n = chain.Count;
        var spot = chain.Spot;
        var today = PricedChain.EasternDate(chain.Instant);
        var expiryCol = chain.Expiry;
        var styleCol = chain.Settlement;

        // Group contracts by settlement instant (SPX AM and SPXW PM on one date stay apart). A file lists an expiry's
        // contracts together, so the previous contract's group is tried before the dictionary.
        var groupOf = new int[n];
        var groupKeys = new List<(DateOnly Date, SettlementStyle Style)>();
        var groupIndex = new Dictionary<(DateOnly, SettlementStyle), int>();
        (DateOnly, SettlementStyle) lastKey = default;
        var lastGroup = -1;
        for (var i = 0; i < n; i++)
        {
            var key = (expiryCol[i], styleCol[i]);
            if (lastGroup < 0 || key != lastKey)
            {
                if (!groupIndex.TryGetValue(key, out lastGroup))
                {
                    lastGroup = groupKeys.Count;
                    groupKeys.Add(key);
                    groupIndex.Add(key, lastGroup);
                }
                lastKey = key;
            }
            groupOf[i] = lastGroup;
        }
        var groupYears = new double[groupKeys.Count];
        for (var g = 0; g < groupKeys.Count; g++)
            groupYears[g] = Settlement.YearsToExpiry(chain.Instant, groupKeys[g].Date, groupKeys[g].Style);

        DateOnly? nextExpiry = null, nextMonthly = null;
        for (var g = 0; g < groupKeys.Count; g++)
        {
            if (groupYears[g] <= 0) continue;
            var d = groupKeys[g].Date;
            if (nextExpiry is null || d < nextExpiry) nextExpiry = d;
            if (ExpiryFilter.IsThirdFriday(d) && (nextMonthly is null || d < nextMonthly)) nextMonthly = d;
        }

        // The call and the put at each contract's strike, and each group's parity quotes.
        var pairs = StrikePairs(chain, groupOf, groupKeys.Count, settings.Forwards == ForwardMode.Implied);

        // Forward and carry per live group.
        var groupForward = new double[groupKeys.Count];
        var groupParity = new bool[groupKeys.Count];
        var flatCarry = settings.Rate - settings.DividendYield;
        if (settings.Forwards == ForwardMode.Implied)
        {
            var quotes = pairs.Quotes!;
            for (var g = 0; g < groupKeys.Count; g++)
            {
                if (groupYears[g] <= 0) continue;
                if (ImpliedForward.TrySolve(quotes[g], groupYears[g], settings.Rate, spot, out var f))
                {
                    groupForward[g] = f;
                    groupParity[g] = true;
                }
            }
        }
        for (var g = 0; g < groupKeys.Count; g++)
        {
            if (!groupParity[g]) groupForward[g] = spot * Math.Exp(flatCarry * Math.Max(groupYears[g], 0));
        }

        // Quote sync: the spot the parity forwards imply against the file's spot. Mid IVs are solved
        // with the forwards as quoted (the quotes' own instant); a stale basis is then taken out of the
        // forwards the chain is priced with, so each expiry keeps only its own carry term structure.
        var quotedForward = (double[])groupForward.Clone();
        QuoteSyncResult? sync = null;
        if (settings.Forwards == ForwardMode.Implied)
        {
            var points = new List<ForwardPoint>();
            for (var g = 0; g < groupKeys.Count; g++)
            {
                if (groupParity[g] && groupYears[g] > 0)
                    points.Add(new ForwardPoint(groupKeys[g].Date, groupYears[g], groupForward[g], settings.Dividends.Between(chain.Underlying, today, groupKeys[g].Date)));
            }

            sync = QuoteSync.Decide(spot, points, settings.Rate, settings.QuoteSync);
            if (sync is not null && VendorGreekSpot.FromDeltas(chain, settings.Rate) is { } vendor)
                sync = sync with { VendorGreekSpot = vendor.Spot, VendorGreekContracts = vendor.Contracts };
            if (sync is { Action: QuoteSyncAction.Reanchored } s)
            {
                for (var g = 0; g < groupKeys.Count; g++)
                    if (groupParity[g]) groupForward[g] *= s.Scale;
            }
        }

        // Classify every contract.
        var excluded = new Dictionary<Exclusion, int>();
        var examples = new Dictionary<Exclusion, List<int>>();
        var include = new int[n];
        var vols = new double[n];
        var positions = new double[n];
        var kept = 0;
        int ivSolved = 0, ivVendor = 0, ivOther = 0, ivInterpolated = 0;
        var origin = new IvOrigin[n];
        var strike = chain.Strike;
        var mult = chain.Multiplier;
        var positioning = settings.Positioning;

        // Implied vols from mid prices, solved in one batch (8 contracts per vector step) for every
        // contract that may need one; the classification below takes them in contract order.
        var groupIncluded = new bool[groupKeys.Count];
        for (var g = 0; g < groupKeys.Count; g++) groupIncluded[g] = settings.Filter.Includes(groupKeys[g].Date, today, nextExpiry, nextMonthly);
        var solvedVol = SolveMidVols(chain, settings, groupOf, groupYears, groupIncluded, quotedForward, pairs);
        var surface = new IvSurface(chain, settings, groupOf, quotedForward, solvedVol, pairs);
        for (var i = 0; i < n; i++)
        {
            var g = groupOf[i];
            var years = groupYears[g];
            if (years <= 0) { Exclude(Exclusion.Expired, i); continue; }
            if (!groupIncluded[g]) { Exclude(Exclusion.Filtered, i); continue; }
            var contracts = ModelContracts(chain, positioning, i);
            if (positioning.Overlay is { } overlay) contracts += overlay.ContractsFor(chain.Symbol(i));
            if (contracts == 0) { Exclude(Exclusion.ZeroOpenInterest, i); continue; }

            var vol = double.NaN;
            if (settings.Iv == IvSource.Auto)
            {
                var source = surface.VolOf(i, out vol);
                if (source == IvOrigin.OtmMid)
                {
                    ivSolved++;
                }
                else if (source == IvOrigin.OtherSideMid) { ivSolved++; ivOther++; }
                else if (source == IvOrigin.Vendor)
                {
                    ivVendor++;
                }
                else if (source == IvOrigin.Interpolated)
                {
                    ivInterpolated++;
                }

                origin[i] = source;
            }
            else
            {
                var vendor = chain.VendorIv[i];
                if (settings.Iv != IvSource.Mid && SaneIv(settings, vendor))
                {
                    vol = vendor;
                    ivVendor++;
                    origin[i] = IvOrigin.Vendor;
                }
                else if (TwoSided(chain, i) && solvedVol[i] is var solved && SaneIv(settings, solved))
                {
                    vol = solved;
                    ivSolved++;
                    origin[i] = IvOrigin.OwnMid;
                }
            }
            if (double.IsNaN(vol)) { Exclude(Exclusion.NoIv, i); continue; }

            include[kept++] = i;
            vols[i] = vol;
            positions[i] = contracts * mult[i];
        }

        OrderPairsFirst(include, kept, chain.Type, vols, pairs);

        // Distinct strikes in ascending order (as a sorted set of them gives).
        // A strike's call and put usually follow each other: one of them is enough before the sort.
        var strikeList = new double[kept];
        var listed = 0;
        for (var j = 0; j < kept; j++)
        {
            var k = strike[include[j]];
            if (listed == 0 || !k.Equals(strikeList[listed - 1])) strikeList[listed++] = k;
        }
        Array.Sort(strikeList, 0, listed);
        var distinct = 0;
        for (var j = 0; j < listed; j++)
            if (distinct == 0 || !strikeList[j].Equals(strikeList[distinct - 1])) strikeList[distinct++] = strikeList[j];
        Array.Resize(ref strikeList, distinct);
        var liveGroups = new int[groupKeys.Count];
        Array.Fill(liveGroups, -1);
        // Expiries in date order, then AM before PM: the live groups by T, ties in group order (a stable insertion sort).
        var order = new int[groupKeys.Count];
        var live = 0;
        for (var g = 0; g < groupKeys.Count; g++)
        {
            if (!(groupYears[g] > 0)) continue;
            var at = live++;
            while (at > 0 && groupYears[order[at - 1]] > groupYears[g]) { order[at] = order[at - 1]; at--; }
            order[at] = g;
        }
        var expiryInfos = new List<ExpiryInfo>(live);
        var counts = new int[groupKeys.Count];
        for (var j = 0; j < kept; j++) counts[groupOf[include[j]]]++;
        foreach (var g in order.AsSpan(0, live))
        {
            if (counts[g] == 0) continue;
            liveGroups[g] = expiryInfos.Count;
            var (date, style) = groupKeys[g];
            expiryInfos.Add(new ExpiryInfo(date, style, groupYears[g], date.DayNumber - today.DayNumber, groupForward[g], groupParity[g], ExpiryFilter.IsThirdFriday(date))
            {
                Carry = Math.Log(groupForward[g] / spot) / groupYears[g],
                Contracts = counts[g],
                QuotedForward = quotedForward[g],
            });
        }

        // Each live group's clock and carry, looked up per contract below instead of through its ExpiryInfo.
        var liveCarry = new double[groupKeys.Count];
        foreach (var g in order.AsSpan(0, live))
            if (liveGroups[g] >= 0) liveCarry[g] = expiryInfos[liveGroups[g]].Carry;
        return new PricedChain(chain, settings, kept, expiryInfos.Count, set =>
        {
            var strike = chain.Strike;
            var type = chain.Type;
            var strikes = strikeList.AsSpan();
            for (var j = 0; j < kept; j++)
            {
                var i = include[j];
                var g = groupOf[i];
                // strikeList holds every priced strike once, so the search finds its one index.
                set(j, strike[i], groupYears[g], vols[i], liveCarry[g], positions[i], type[i], liveGroups[g], strikes.BinarySearch(strike[i]), i);
            }
        })
        {
            Today = today,
            Expiries = expiryInfos,
            Strikes = strikeList,
            NextExpiryIndex = expiryInfos.Count == 0 ? -1 : 0,
            Excluded = excluded,
            ExcludedExamples = examples.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)new ContractLabels(chain, kv.Value)),
            IvSolved = ivSolved,
            IvFromVendor = ivVendor,
            QuoteSync = sync,
            IvFromOtherSide = ivOther,
            IvInterpolated = ivInterpolated,
            IvOrigins = origin,
        };

        void Exclude(Exclusion reason, int i)
        {
            excluded[reason] = excluded.GetValueOrDefault(reason) + 1;
            if (!examples.TryGetValue(reason, out var list)) examples[reason] = list = [];
            if (list.Count < ExamplesPerReason) list.Add(i);
        }
    }

    /// <summary>
    /// IV from the mid price of every live, included contract that the classification may ask for one
    /// (vendor IV absent, insane or not wanted; two-sided quote), by <see cref="ImpliedVol.SolveOrNaN"/>;
    /// NaN elsewhere. A contract is solved here under the same conditions the classification checks,
    /// except that with a positions overlay its position is not known yet, so it is solved anyway.
    /// </summary>
    private static double[] SolveMidVols(ChainSnapshot chain, EngineSettings settings, int[] groupOf, double[] groupYears, bool[] groupIncluded,
        double[] groupForward, (int[] Call, int[] Put, ImpliedForward.ParityQuote[][]? Quotes) pairs)
    {
        var n = chain.Count;
        var result = new double[n];
        Array.Fill(result, double.NaN);
        var type = chain.Type;
        var strike = chain.Strike;
        // The candidates, split by side: the out-of-the-money ones from the front of the buffer, the others from its back.
        var buffer = new int[n];
        int otm = 0, itm = n;
        var candidate = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var g = groupOf[i];
            if (groupYears[g] <= 0 || !groupIncluded[g]) continue;
            if (settings.Iv != IvSource.Auto)
            {
                // Per-contract modes: only a contract that carries a position and lacks a wanted vendor IV.
                if (settings.Positioning.Overlay is null && ModelContracts(chain, settings.Positioning, i) == 0) continue;
                if (settings.Iv == IvSource.Vendor && SaneIv(settings, chain.VendorIv[i])) continue;
            }
            if (!TwoSided(chain, i)) continue;
            candidate[i] = true;
            // Per-contract modes solve every candidate, in contract order.
            if (settings.Iv != IvSource.Auto || (type[i] == OptionType.Call) == (strike[i] >= groupForward[g])) buffer[otm++] = i;
            else buffer[--itm] = i;
        }
        if (otm == 0 && itm == n) return result;
        var groupCarry = new double[groupYears.Length];
        for (var g = 0; g < groupYears.Length; g++) groupCarry[g] = Math.Log(groupForward[g] / chain.Spot) / groupYears[g];
        SolveInto(chain, settings.Rate, groupOf, groupYears, groupCarry, buffer.AsSpan(0, otm), result);
        if (settings.Iv != IvSource.Auto) return result;
        // One IV per strike (IvSurface): the out-of-the-money side's mid first; the other side's only where that one is
        // missing or did not solve to a sane vol, the only case in which IvSurface reads it. Same vols, about half the solves.
        var itmSpan = buffer.AsSpan(itm);
        itmSpan.Reverse();
        var needed = 0;
        foreach (var i in itmSpan)
        {
            var partner = type[i] == OptionType.Call ? pairs.Put[i] : pairs.Call[i];
            var v = partner >= 0 && candidate[partner] ? result[partner] : double.NaN;
            if (!SaneIv(settings, v)) itmSpan[needed++] = i;
        }
        SolveInto(chain, settings.Rate, groupOf, groupYears, groupCarry, itmSpan[..needed], result);
        return result;
    }

    /// <summary>
    /// Contracts of row <paramref name="i"/> signed by the positioning model, before any overlay (an absent open interest
    /// holds none): the classification and the IV candidates ask the same question, here.
    /// </summary>
    private static double ModelContracts(ChainSnapshot chain, Positioning positioning, int i) =>
        positioning.SignOf(chain.Type[i]) * (double.IsFinite(chain.OpenInterest[i]) ? chain.OpenInterest[i] : 0);

    /// <summary>True when row <paramref name="i"/> has a two-sided quote whose mid an IV can be solved from (bid above 0, ask at or above it).</summary>
    private static bool TwoSided(ChainSnapshot chain, int i) => chain.Bid[i] > 0 && chain.Ask[i] >= chain.Bid[i];

    /// <summary>True when <paramref name="vol"/> is a finite vol within the settings' sane range (the one test of every IV source).</summary>
    private static bool SaneIv(EngineSettings settings, double vol) => double.IsFinite(vol) && vol >= settings.MinSaneIv && vol <= settings.MaxSaneIv;

    /// <summary>IV from the mid of each contract of <paramref name="which"/> into <paramref name="result"/> (one batch, <see cref="ImpliedVol.SolveOrNaN"/>).</summary>
    private static void SolveInto(ChainSnapshot chain, double rate, int[] groupOf, double[] groupYears, double[] groupCarry, ReadOnlySpan<int> which, double[] result)
    {
        var m = which.Length;
        if (m == 0) return;
        var type = chain.Type;
        var bid = chain.Bid;
        var ask = chain.Ask;
        var strike = chain.Strike;
        var types = ArrayPool<OptionType>.Shared.Rent(m);
        var columns = ArrayPool<double>.Shared.Rent(6 * m);
        var mids = columns.AsSpan(0, m);
        var strikes = columns.AsSpan(m, m);
        var years = columns.AsSpan(2 * m, m);
        var carries = columns.AsSpan(3 * m, m);
        var vols = columns.AsSpan(4 * m, m);
        // The batched solver starts at the contract's vendor IV where it has a sane one (the vols solved are the same within the solver's 1e-14 stopping rule).
        var guesses = columns.AsSpan(5 * m, m);
        var vendorIv = chain.VendorIv;
        for (var k = 0; k < m; k++)
        {
            var i = which[k];
            var g = groupOf[i];
            types[k] = type[i];
            mids[k] = 0.5 * (bid[i] + ask[i]);
            strikes[k] = strike[i];
            years[k] = groupYears[g];
            carries[k] = groupCarry[g];
            guesses[k] = vendorIv[i] is >= MinGuessVol and <= MaxGuessVol ? vendorIv[i] : double.NaN;
        }
        ImpliedVol.SolveOrNaNFrom(types.AsSpan(0, m), mids, chain.Spot, strikes, years, rate, carries, vols, guesses);
        for (var k = 0; k < m; k++) result[which[k]] = vols[k];
        ArrayPool<double>.Shared.Return(columns);
        ArrayPool<OptionType>.Shared.Return(types);
    }

    /// <summary>"SYMBOL (line N)" of a few contracts of a chain, formatted when read (a priced chain is built far more often than its examples are shown).</summary>
    private sealed class ContractLabels(ChainSnapshot chain, List<int> rows) : IReadOnlyList<string>
    {
        public string this[int index] => $"{chain.Symbol(rows[index])} (line {chain.SourceLine[rows[index]]})";

        public int Count => rows.Count;

        public IEnumerator<string> GetEnumerator()
        {
            for (var k = 0; k < rows.Count; k++) yield return this[k];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>
    /// Reorders the kept rows <paramref name="include"/>[0, kept) so that every call whose put (same settlement group and
    /// strike, <paramref name="pairs"/>) is kept at the same IV bit for bit comes first, its put right after it: the pair
    /// shares every greek constant, so <see cref="SpotGreeks"/> takes its d1, exp and normal CDF once
    /// (<see cref="PricedChain.Pairs"/>; on the SPX sample 5,910 pairs hold 11,820 of the 15,366 contracts). The other rows
    /// follow in chain order. No sum the levels take depends on the order beyond its rounding.
    /// </summary>
    private static void OrderPairsFirst(int[] include, int kept, ReadOnlySpan<OptionType> type, double[] vols, (int[] Call, int[] Put, ImpliedForward.ParityQuote[][]? Quotes) pairs)
    {
        var row = new int[type.Length];
        Array.Fill(row, -1);
        for (var j = 0; j < kept; j++) row[include[j]] = j;
        var partner = new int[kept];
        Array.Fill(partner, -1);
        var paired = 0;
        for (var j = 0; j < kept; j++)
        {
            var i = include[j];
            var put = type[i] == OptionType.Call ? pairs.Put[i] : -1;
            if (put >= 0 && row[put] >= 0 && pairs.Call[put] == i && BitConverter.DoubleToInt64Bits(vols[put]) == BitConverter.DoubleToInt64Bits(vols[i]))
            {
                (partner[j], partner[row[put]]) = (put, i);
                paired += 2;
            }
        }
        if (paired == 0) return;
        var ordered = new int[kept];
        var (front, back) = (0, paired);
        for (var j = 0; j < kept; j++)
        {
            var i = include[j];
            if (partner[j] < 0) ordered[back++] = i;
            else if (type[i] == OptionType.Call) (ordered[front], ordered[front + 1], front) = (i, partner[j], front + 2);
        }
        ordered.CopyTo(include, 0);
    }

    /// <summary>
    /// For every contract, the call and the put of its settlement group at its strike (the last one listed of each type, as
    /// a dictionary filled in contract order keeps it), -1 when there is none: the contracts bucketed by group, then sorted
    /// by strike within each group (a primitive sort: no hashing of (group, strike) keys). With <paramref name="withQuotes"/>,
    /// also each group's parity quotes: one per strike with the bid and ask of that call and that put (NaN for a missing
    /// side), in the order each strike first appears in the chain (the order <see cref="ImpliedForward.TrySolve"/> breaks
    /// ties of |C - P| in).
    /// </summary>
    private static (int[] Call, int[] Put, ImpliedForward.ParityQuote[][]? Quotes) StrikePairs(ChainSnapshot chain, int[] groupOf, int groups, bool withQuotes)
    {
        var n = chain.Count;
        var start = new int[groups + 1];
        foreach (var g in groupOf) start[g + 1]++;
        for (var g = 0; g < groups; g++) start[g + 1] += start[g];
        var fill = new int[groups];
        Array.Copy(start, fill, groups);
        var order = new int[n];
        var keys = new double[n];
        var strike = chain.Strike;
        var type = chain.Type;
        var bid = chain.Bid;
        var ask = chain.Ask;
        for (var i = 0; i < n; i++)
        {
            var at = fill[groupOf[i]]++;
            order[at] = i;
            keys[at] = strike[i];
        }
        var call = new int[n];
        var put = new int[n];
        var quotes = withQuotes ? new ImpliedForward.ParityQuote[groups][] : null;
        var largest = 0;
        for (var g = 0; g < groups; g++) largest = Math.Max(largest, start[g + 1] - start[g]);
        var runQuotes = withQuotes ? new ImpliedForward.ParityQuote[largest] : [];
        var runFirst = withQuotes ? new int[largest] : [];
        for (var g = 0; g < groups; g++)
        {
            var sorted = true;
            for (var j = start[g] + 1; j < start[g + 1] && sorted; j++) sorted = keys[j - 1] <= keys[j];
            if (!sorted) Array.Sort(keys, order, start[g], start[g + 1] - start[g]);
            var runs = 0;
            var runsInOrder = true;
            for (var from = start[g]; from < start[g + 1];)
            {
                var to = from + 1;
                while (to < start[g + 1] && keys[to].Equals(keys[from])) to++;
                int c = -1, p = -1, first = int.MaxValue;
                for (var j = from; j < to; j++)
                {
                    var i = order[j];
                    first = Math.Min(first, i);
                    if (type[i] == OptionType.Call) c = Math.Max(c, i);
                    else p = Math.Max(p, i);
                }
                for (var j = from; j < to; j++) (call[order[j]], put[order[j]]) = (c, p);
                if (withQuotes)
                {
                    runQuotes[runs] = new ImpliedForward.ParityQuote(keys[from], c >= 0 ? bid[c] : double.NaN, c >= 0 ? ask[c] : double.NaN,
                        p >= 0 ? bid[p] : double.NaN, p >= 0 ? ask[p] : double.NaN);
                    runFirst[runs] = first;
                    if (runs > 0 && runFirst[runs - 1] > first) runsInOrder = false;
                    runs++;
                }
                from = to;
            }
            if (quotes is null) continue;
            if (!runsInOrder) Array.Sort(runFirst, runQuotes, 0, runs);
            quotes[g] = runQuotes.AsSpan(0, runs).ToArray();
        }
        return (call, put, quotes);
    }

    /// <summary>
    /// One IV per expiry and strike (DOMAIN.md section 10): the out-of-the-money side's mid (put below the
    /// quoted forward, call at or above), solved with DealerFlow's forward and clock, serves both the call and
    /// the put; then the other side's mid; then the vendor's IV, trusted only when the call's and the put's
    /// agree within <see cref="VendorAgreement"/> (or only one side has one); then interpolated in strike.
    /// </summary>
    private sealed class IvSurface(ChainSnapshot chain, EngineSettings settings, int[] groupOf, double[] quotedForward, double[] solved,
        (int[] Call, int[] Put, ImpliedForward.ParityQuote[][]? Quotes) pairs)
    {
        /// <summary>Largest gap between a strike's vendor call and put IVs (fraction: 0.03 = 3 vol points) for the vendor IV to be used.</summary>
        public const double VendorAgreement = 0.03;

        private bool Sane(double v) => SaneIv(settings, v);

        public IvOrigin VolOf(int i, out double vol)
        {
            var (call, put) = (pairs.Call[i], pairs.Put[i]);
            var otmIsCall = chain.Strike[i] >= quotedForward[groupOf[i]];
            var otm = otmIsCall ? call : put;
            var other = otmIsCall ? put : call;
            if (otm >= 0 && Sane(solved[otm])) { vol = solved[otm]; return IvOrigin.OtmMid; }
            if (other >= 0 && Sane(solved[other])) { vol = solved[other]; return IvOrigin.OtherSideMid; }
            var vc = call >= 0 ? chain.VendorIv[call] : double.NaN;
            var vp = put >= 0 ? chain.VendorIv[put] : double.NaN;
            bool sc = Sane(vc), sp = Sane(vp);
            if (sc && sp)
            {
                if (Math.Abs(vc - vp) <= VendorAgreement) { vol = otmIsCall ? vc : vp; return IvOrigin.Vendor; }
            }
            else if (sc) { vol = vc; return IvOrigin.Vendor; }
            else if (sp) { vol = vp; return IvOrigin.Vendor; }
            return Interpolate(groupOf[i], chain.Strike[i], out vol);
        }

        private (double[] Strikes, double[] Vols)[]? _smiles;

        /// <summary>
        /// Linear in strike between the nearest strikes of the same expiry whose mids solved (flat beyond the
        /// last one), so a contract with open interest keeps its delta when neither of its strike's prices solves.
        /// </summary>
        private IvOrigin Interpolate(int group, double strike, out double vol)
        {
            _smiles ??= Smiles();
            var (ks, vs) = _smiles[group];
            vol = double.NaN;
            if (ks.Length == 0) return IvOrigin.None;
            var at = Array.BinarySearch(ks, strike);
            if (at >= 0)
            {
                vol = vs[at];
            }
            else
            {
                var hi = ~at;
                if (hi == 0) vol = vs[0];
                else if (hi == ks.Length) vol = vs[^1];
                else vol = vs[hi - 1] + (vs[hi] - vs[hi - 1]) * (strike - ks[hi - 1]) / (ks[hi] - ks[hi - 1]);
            }
            return IvOrigin.Interpolated;
        }

        /// <summary>
        /// Every expiry's solved points (the out-of-the-money mid's vol at a strike, else the other side's) in one pass
        /// over the chain, ascending in strike; where a strike repeats, the last contract in file order gives its point.
        /// (One scan per expiry that needed a point cost a tenth of pricing SPX.)
        /// </summary>
        private (double[] Strikes, double[] Vols)[] Smiles()
        {
            var points = new List<(double Strike, int Order, double Vol)>[quotedForward.Length];
            for (var i = 0; i < chain.Count; i++)
            {
                var (g, k, call, put) = (groupOf[i], chain.Strike[i], pairs.Call[i], pairs.Put[i]);
                var otm = k >= quotedForward[g] ? call : put;
                var other = k >= quotedForward[g] ? put : call;
                var v = otm >= 0 && Sane(solved[otm]) ? solved[otm] : other >= 0 && Sane(solved[other]) ? solved[other] : double.NaN;
                if (!double.IsNaN(v)) (points[g] ??= []).Add((k, i, v));
            }
            var smiles = new (double[] Strikes, double[] Vols)[points.Length];
            for (var g = 0; g < points.Length; g++)
            {
                if (points[g] is not { } list) { smiles[g] = ([], []); continue; }
                list.Sort();
                var ks = new List<double>(list.Count);
                var vs = new List<double>(list.Count);
                foreach (var (k, _, v) in list)
                {
                    if (ks.Count > 0 && ks[^1] == k)
                    {
                        vs[^1] = v;
                    }
                    else
                    {
                        ks.Add(k);
                        vs.Add(v);
                    }
                }
                smiles[g] = (ks.ToArray(), vs.ToArray());
            }
            return smiles;
        }
    }
}
