using DealerFlow.Core.Chain;
using DealerFlow.Data.Readers;
using DealerFlow.Web.Live;
using DealerFlow.Web.Live.Feeds;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DealerFlow.Web.Tests;

/// <summary>
/// A chain older than the one a symbol holds never replaces it (a file touched again after a newer one, a cached older
/// document, two feeds out of order); before, it did, and the dashboard stepped back in time with stale levels
/// labelled current. The sources that go back in time on purpose (a looping replay, a poll after streamed re-pricings)
/// keep working. Real SPY and SPX chains; instants moved with <see cref="ChainSnapshot.WithSpot"/>.
/// </summary>
public sealed class ChainOrderTests
{
    private static string Spy(string name) => Path.Combine(RepoPaths.SpySeries, name);

    private static ChainReadResult At(ChainReadResult read, double spot, DateTimeOffset instant) => FeedOrigin.With(read, read.Snapshot.WithSpot(spot, instant));

    [Fact]
    public void Offer_OlderThanTheChainHeld_RejectedWithBothInstants_SameInstantAccepted()
    {
        using var live = LiveServices.Create();
        var read = ChainReader.Read(RepoPaths.SpxSample);
        var est = TimeSpan.FromHours(-5);
        var newer = At(read, 4697.24, new DateTimeOffset(2024, 1, 5, 16, 10, 0, est));
        var older = At(read, 4690.00, new DateTimeOffset(2024, 1, 5, 15, 59, 0, est));
        Assert.True(live.Book.Offer(newer, "file spx_1610.csv"));

        Assert.False(live.Book.Offer(older, "file spx_1559.csv"));

        const string Expected = "file spx_1559.csv rejected, the last good chain is kept: as of 2024-01-05 15:59 -05:00 it is older than the chain held (as of 2024-01-05 16:10 -05:00).";
        var info = live["SPX"].Info();
        Assert.Equal("error", info.Status);
        Assert.Equal(Expected, info.Error);
        Assert.Equal(newer.Snapshot.Instant, info.AsOf);
        Assert.Equal(4697.24, info.ChainSpot);
        Assert.Equal(1, info.ChainVersion);
        Assert.Equal("file spx_1610.csv", info.Origin);
        var rejected = Assert.Single(live.Services.GetRequiredService<RejectedInputs>().List());
        Assert.Equal(("file spx_1559.csv", "SPX", Expected), (rejected.Origin, rejected.Symbol, rejected.Reason));
        Assert.Equal(4697.24, live.Views.Levels(live["SPX"], ViewKey.Default).View!.Levels.Spot);

        // The same instant again (a re-read or corrected file) replaces the chain and clears the error.
        var corrected = At(read, 4698.00, newer.Snapshot.Instant);
        Assert.True(live.Book.Offer(corrected, "file spx_1610.csv"));
        info = live["SPX"].Info();
        Assert.Equal(("ok", 2L, 4698.00), (info.Status, info.ChainVersion, info.ChainSpot));
    }

    /// <summary>
    /// The demo's replay loops: each pass starts again from the first file, older than the last one held. Its first
    /// chain of a pass is a restart, so every pass is served; without it, the second pass was rejected file by file.
    /// </summary>
    [Fact]
    public async Task Replay_Loop_EveryPassIsAccepted_OnlyEachPassFirstChainIsARestart()
    {
        using var live = LiveServices.Create();
        var files = Directory.GetFiles(RepoPaths.SpySeries, "*.csv").Length;
        using var stop = new CancellationTokenSource();
        var sink = new Recording(live.Book, stop, 2 * files);
        var replay = new ReplaySource(RepoPaths.SpySeries, speed: 1e12, maxGap: TimeSpan.Zero, loop: true, new ReadOptions(), TimeProvider.System);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => replay.RunAsync(sink, stop.Token));

        Assert.Equal(2 * files, sink.Offers.Count);
        Assert.All(sink.Offers, o => Assert.True(o.Accepted, live["SPY"].Info().Error));
        Assert.Equal(Enumerable.Range(0, 2 * files).Select(i => i % files == 0), sink.Offers.Select(o => o.Restart));
        Assert.True(sink.Offers[files].Instant < sink.Offers[files - 1].Instant); // the second pass did go back in time
        var info = live["SPY"].Info();
        Assert.Equal(("ok", (long)(2 * files)), (info.Status, info.ChainVersion));
        Assert.Empty(live.Services.GetRequiredService<RejectedInputs>().List());
    }

    /// <summary>
    /// A streaming feed re-prices the polled chain at the newest quote's time; the next poll may carry an older
    /// underlying time than those quotes (a REST snapshot a few seconds behind the socket). It still replaces the
    /// re-pricing, as the feeds promise, because it is held to the polled chain the re-pricing started from; a poll
    /// older than that one is rejected.
    /// </summary>
    [Fact]
    public async Task StreamedRepricing_ThenAPollOlderThanTheQuotes_Accepted_APollOlderThanTheLastPoll_Rejected()
    {
        using var live = LiveServices.Create();
        var read = ChainReader.Read(Spy("spy_quotedata_2025-05-01_1649.csv"));
        var polledAt = read.Snapshot.Instant;
        Assert.True(live.Book.Offer(read, "massive SPY"));
        var chains = new StreamedChains(100);
        chains.Polled("SPY", read, "massive SPY");
        var i = Enumerable.Range(0, read.Snapshot.Count).First(k => read.Snapshot.Bid[k] > 0.5 && read.Snapshot.Ask[k] > read.Snapshot.Bid[k]);
        var quoteAt = polledAt.AddMinutes(5);
        Assert.True(chains.Quote(read.Snapshot.Symbol(i), read.Snapshot.Bid[i] + 0.05, read.Snapshot.Ask[i] + 0.05, quoteAt.ToUnixTimeMilliseconds()));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var stop = new CancellationTokenSource();
        var sink = new Recording(live.Book, stop, 1);
        var run = chains.RunAsync(sink, TimeSpan.FromSeconds(1), time, stop.Token);
        time.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        var repriced = Assert.Single(sink.Offers);
        Assert.True(repriced.Accepted, live["SPY"].Info().Error);
        Assert.Equal(quoteAt, repriced.Instant);
        Assert.Equal(quoteAt, live["SPY"].Info().AsOf);

        Assert.True(live.Book.Offer(At(read, read.Snapshot.Spot, polledAt.AddMinutes(2)), "massive SPY"), live["SPY"].Info().Error);
        Assert.Equal(polledAt.AddMinutes(2), live["SPY"].Info().AsOf);

        Assert.False(live.Book.Offer(At(read, read.Snapshot.Spot, polledAt.AddMinutes(1)), "massive SPY"));
        Assert.Contains("as of 2025-05-01 16:50 -04:00 it is older than the chain held (as of 2025-05-01 16:51 -04:00)", live["SPY"].Info().Error, StringComparison.Ordinal);
    }

    /// <summary>Forwards to the book and records each offer; cancels <paramref name="stop"/> after <paramref name="count"/> offers.</summary>
    private sealed class Recording(LiveBook book, CancellationTokenSource stop, int count) : IChainSink
    {
        public List<(string Origin, bool Restart, bool Accepted, DateTimeOffset Instant)> Offers { get; } = [];

        public void Expect(string symbol, string origin) => book.Expect(symbol, origin);

        public void Chain(ChainSnapshot snapshot, string origin) => book.Chain(snapshot, origin);

        public bool Offer(ChainReadResult read, string origin, bool restart = false)
        {
            var accepted = book.Offer(read, origin, restart);
            lock (Offers)
            {
                Offers.Add((origin, restart, accepted, read.Snapshot.Instant));
                if (Offers.Count == count) stop.Cancel();
            }
            return accepted;
        }

        public void Spot(string symbol, double spot, DateTimeOffset at, bool simulated = false) => book.Spot(symbol, spot, at, simulated);

        public void Error(string symbol, string message, string origin) => book.Error(symbol, message, origin);
    }
}
