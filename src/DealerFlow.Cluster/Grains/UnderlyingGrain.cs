using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Levels;
using DealerFlow.Data.Readers;
using DealerFlow.Data.Store;
using Microsoft.Extensions.Logging;

namespace DealerFlow.Cluster.Grains;

/// <summary>
/// The owner of one underlying (<see cref="IUnderlyingGrain"/>). Prices and analyses a chain with the same Core calls
/// and settings as the single-process server's store writer (<see cref="LiveSnapshots"/>: $ per 1% move, classic
/// positioning, every expiry), so the same chain gives the same levels in both modes. A chain is committed when the
/// store has it; on activation the grain reads the latest committed chain back, so moving to another silo (or a silo's
/// death) loses nothing committed.
/// </summary>
internal sealed class UnderlyingGrain(ClusterStore store, TimeProvider time, ILogger<UnderlyingGrain> log) : Grain, IUnderlyingGrain
{
    private readonly string _activation = Guid.NewGuid().ToString("N")[..12];
    private Held? _held;
    private DateTimeOffset? _since;
    private SpotLevels? _atSpot;
    private bool _simulated;
    private string? _error;
    private bool _restored;
    private long? _storeId;
    private long _sequence;

    private string Symbol => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!store.Enabled) return;
        var symbol = Symbol;
        (ChainSnapshot Chain, string Origin, long Id)? latest;
        try
        {
            latest = await Task.Run(() => store.Latest(symbol), cancellationToken).ConfigureAwait(true);
        }
        catch (Exception e) when (e is StoreException or InvalidDataException)
        {
            // The grain still serves what arrives next; the error says why the committed chain is not shown.
            _error = $"The committed chain could not be restored from {store.Description}: {e.Message}";
            log.LogWarning("{Symbol}: {Error}", symbol, _error);
            return;
        }
        if (latest is not { } l) return;
        await Apply(l.Chain, l.Origin, l.Chain.Instant).ConfigureAwait(true);
        _restored = true;
        _storeId = l.Id;
        log.LogInformation("{Symbol}: restored the chain as of {AsOf:O} (store id {Id}) from {Store}", symbol, l.Chain.Instant, l.Id, store.Description);
    }

    public Task<OfferResult> Offer(ChainSnapshot chain, string origin) => Offer(chain, origin, repricedFrom: null, restart: false);

    public async Task<OfferResult> Offer(ChainSnapshot chain, string origin, DateTimeOffset? repricedFrom, bool restart)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(origin);
        if (!UnderlyingSymbol.TryNormalize(chain.Underlying, out var symbol, out var bad)) return new OfferResult(false, $"{origin} rejected: its underlying symbol {bad}.", null, null, null);
        if (symbol != Symbol) return new OfferResult(false, $"{origin} rejected: its underlying {symbol} is not {Symbol}.", null, null, null);
        // The reader's checks (cut short, unreadable share) ran where the chain was read; the comparison with the last
        // good chain runs here, where that chain is, by the same rule (a read with no problems left to count).
        var read = new ChainReadResult { Snapshot = chain, Format = ChainFormat.Normalized, RowsRead = chain.Count, ContractsRead = chain.Count, Problems = [], RepricedFrom = repricedFrom };
        if (WholeChain.Check(read, _held?.Chain, WholeChainLimits.Default, _since, restart) is { } whole)
        {
            var message = $"{origin} rejected, the last good chain is kept: {whole}.";
            await Error(message, origin).ConfigureAwait(true);
            return new OfferResult(false, message, null, null, null);
        }
        await Apply(chain, origin, WholeChain.Since(read)).ConfigureAwait(true);
        _restored = false;
        _storeId = null;
        string? stored = null;
        if (_held?.Analysis is { } analysis)
        {
            if (!store.Enabled)
            {
                stored = "disabled";
            }
            else
            {
                try
                {
                    var saved = await Task.Run(() => store.Save(chain, analysis, origin)).ConfigureAwait(true);
                    _storeId = saved.Id;
                    stored = saved.Status == SaveStatus.Stored ? "stored" : "already-stored";
                }
                catch (StoreException e)
                {
                    // Served but not committed: a grain that moves before the next chain restores the previous one.
                    stored = "failed: " + e.Message;
                    log.LogError("{Symbol}: the chain as of {AsOf:O} is not stored: {Error}", Symbol, chain.Instant, e.Message);
                }
            }
        }
        Publish(new UnderlyingUpdate(Symbol, UpdateKind.Chain, _activation, ++_sequence, origin, chain, chain.Spot, chain.Instant, false, _error));
        return new OfferResult(_held?.Analysis is not null, _error, stored, _storeId, Summary());
    }

    public Task<SpotLevels?> Spot(double spot, DateTimeOffset at, bool simulated)
    {
        if (!(spot > 0 && double.IsFinite(spot)) || _held is null) return Task.FromResult<SpotLevels?>(null);
        _simulated = simulated;
        _atSpot = At(spot, at);
        Publish(new UnderlyingUpdate(Symbol, UpdateKind.Spot, _activation, ++_sequence, _held.Origin, null, spot, at, simulated, null));
        return Task.FromResult(_atSpot);
    }

    public Task Error(string message, string origin)
    {
        ArgumentNullException.ThrowIfNull(message);
        _error = message;
        Publish(new UnderlyingUpdate(Symbol, UpdateKind.Error, _activation, ++_sequence, origin, null, double.NaN, time.GetUtcNow(), false, message));
        return Task.CompletedTask;
    }

    public Task<UnderlyingView> Current() =>
        Task.FromResult(new UnderlyingView(Symbol, _activation, _sequence, _held?.Chain, _held?.Origin, Summary(), _atSpot, _simulated, _error, _restored, _storeId));

    /// <summary>
    /// Replaces the chain with <paramref name="chain"/> (the next chain as read may not precede <paramref name="since"/>), priced at its own spot off the Orleans scheduler (a large chain
    /// takes seconds: the silo's other grains keep running; this grain takes no other call meanwhile). A chain with
    /// nothing to price is kept with the error state, as in single-process mode.
    /// </summary>
    private async Task Apply(ChainSnapshot chain, string origin, DateTimeOffset since)
    {
        var held = await Task.Run(() => Held.Price(chain, origin)).ConfigureAwait(true);
        _held = held;
        _since = since;
        _error = held.Error;
        _simulated = false;
        _atSpot = At(chain.Spot, chain.Instant);
    }

    /// <summary>The levels at a live spot, by the single-process tick's rules (LevelsAssembler: the crossing nearest spot, the regime at spot).</summary>
    private SpotLevels? At(double spot, DateTimeOffset at)
    {
        if (_held is not { Priced: { } priced, Analysis: { } analysis }) return null;
        var unit = LiveSnapshots.Levels.Unit;
        var net = GammaSweep.NetGex(priced, spot, unit);
        var k = LevelsAssembler.Assemble(spot, net, priced.Count, analysis.Levels.ZeroGammaCrossings, analysis.Exposure.ByStrike, LiveSnapshots.Levels.Walls);
        return new SpotLevels(spot, at, net, GexUnits.Code(unit), k.Regime.Label(), k.ZeroGamma, k.DistanceToFlipPct);
    }

    private LevelsSummary? Summary()
    {
        if (_held?.Analysis is not { } a) return null;
        var l = a.Levels;
        return new LevelsSummary(l.Spot, l.TotalGex.Value, GexUnits.Code(l.Unit), l.Positioning, l.ZeroGamma, [.. l.ZeroGammaCrossings], l.CallWall, l.PutWall, l.Regime.Label(), l.Data.ContractsUsed);
    }

    private void Publish(UnderlyingUpdate update) =>
        GrainFactory.GetGrain<IMarketHub>(HubPartitions.Of(update.Symbol)).Publish(update).Ignore();

    /// <summary>
    /// The grain's chain, where it came from, and what was computed from it (null priced state with the reason when it
    /// could not be analysed), replaced as one value. This type is immutable.
    /// </summary>
    private sealed record Held(ChainSnapshot Chain, string Origin, PricedChain? Priced, GexAnalysis? Analysis, string? Error)
    {
        /// <summary>Prices and analyses <paramref name="chain"/> with the store's settings (<see cref="LiveSnapshots"/>).</summary>
        public static Held Price(ChainSnapshot chain, string origin)
        {
            try
            {
                var priced = ChainPricer.Price(chain, LiveSnapshots.Engine);
                if (priced.Count == 0)
                {
                    var reasons = string.Join(", ", priced.Excluded.Select(kv => $"{LevelsCalculator.ReasonCode(kv.Key)} {kv.Value}"));
                    return new Held(chain, origin, null, null, $"The chain could not be analysed: no contract is left to price ({reasons}).");
                }
                return new Held(chain, origin, priced, LevelsCalculator.Analyze(priced, LiveSnapshots.Levels), null);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException)
            {
                return new Held(chain, origin, null, null, $"The chain could not be analysed: {e.Message}");
            }
        }
    }
}
