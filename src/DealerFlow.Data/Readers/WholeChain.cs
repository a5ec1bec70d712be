using System.Globalization;
using DealerFlow.Core.Chain;

namespace DealerFlow.Data.Readers;

/// <summary>
/// The limits a chain must meet before it replaces the previous chain of its symbol (live sources) or is stored.
/// </summary>
/// <param name="MinContractShare">A chain with fewer contracts than this share of the previous chain's is rejected (0.25: a quarter; real CBOE downloads of one symbol vary by 3x with the expiries chosen).</param>
/// <param name="MinStrikeCoverage">A chain whose strike range (highest minus lowest strike) is below this share of the previous chain's is rejected.</param>
/// <param name="MaxSkippedShare">A chain whose skipped contracts exceed this share of all contracts in the file is rejected (0.2).</param>
public sealed record WholeChainLimits(double MinContractShare = 0.25, double MinStrikeCoverage = 0.5, double MaxSkippedShare = 0.2)
{
    /// <summary>The limits of <see cref="WholeChain.Check"/> when none are given: 25% of the previous contracts, 50% of its strike range, at most 20% skipped.</summary>
    public static WholeChainLimits Default { get; } = new();
}

/// <summary>
/// One rule for "this chain may replace the one held": not cut short, not mostly unreadable, not collapsed against the
/// previous chain of the same symbol, and not older than it. A rejected chain is shown as that symbol's error with
/// this reason; it is never published or stored, and the previous chain stays. Every live path uses it: the
/// single-process book and, in scale-out mode, the grain that holds the symbol's chain.
/// </summary>
public static class WholeChain
{
    /// <summary>
    /// Null when <paramref name="read"/> may replace <paramref name="previous"/>; otherwise why not.
    /// Time: a chain whose instant is strictly before the held chain's is rejected (a file touched again after a newer
    /// one, a cached older document, two feeds out of order); the same instant is accepted (a re-read or corrected
    /// file). <paramref name="heldSince"/> is the instant of the chain as read that <paramref name="previous"/> stands
    /// for (<see cref="Since"/> of the accepted read; null: <paramref name="previous"/>'s own instant): a chain re-priced
    /// with streamed quotes (<see cref="ChainReadResult.RepricedFrom"/>) carries the newest quote's time, and the next
    /// polled chain is compared with the polled chain it was re-priced from, while a re-pricing is compared with the
    /// chain shown (and must start from a polled chain not older than the held one's). <paramref name="restart"/>
    /// skips the time rule for a source that starts its series again on purpose (a replay that loops); the other
    /// checks still apply.
    /// </summary>
    public static string? Check(ChainReadResult read, ChainSnapshot? previous, WholeChainLimits? limits = null, DateTimeOffset? heldSince = null, bool restart = false)
    {
        ArgumentNullException.ThrowIfNull(read);
        limits ??= WholeChainLimits.Default;
        if (Whole(read, previous, limits) is { } why) return why;
        if (previous is null || restart) return null;
        var since = heldSince ?? previous.Instant;
        if (read.RepricedFrom is { } from && from < since)
        {
            // Re-priced from a polled chain that a newer poll has replaced since (the quotes were gathered before it).
            return $"it re-prices the chain as of {Show(from, since)}, older than the chain held (as of {Show(since, from)})";
        }
        var bound = read.RepricedFrom is null ? since : previous.Instant;
        var at = read.Snapshot.Instant;
        if (at >= bound) return null;
        var held = bound == previous.Instant ? $"as of {Show(bound, at)}" : $"as of {Show(bound, at)}, re-priced with streamed quotes to {Show(previous.Instant, at)}";
        return $"as of {Show(at, bound)} it is older than the chain held ({held})";
    }

    /// <summary>The instant the next chain as read may not precede once <paramref name="accepted"/> is held: the polled chain's for a re-pricing, else its own.</summary>
    public static DateTimeOffset Since(ChainReadResult accepted)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        return accepted.RepricedFrom ?? accepted.Snapshot.Instant;
    }

    /// <summary>
    /// <paramref name="at"/> as the messages show an instant, with its own offset: to the minute, or to the millisecond
    /// when either instant has seconds (two streamed chains a few seconds apart must not read the same).
    /// </summary>
    private static string Show(DateTimeOffset at, DateTimeOffset other) =>
        at.ToString(Minutes(at) && Minutes(other) ? "yyyy-MM-dd HH:mm zzz" : "yyyy-MM-dd HH:mm:ss.FFF zzz", CultureInfo.InvariantCulture);

    private static bool Minutes(DateTimeOffset at) => at.Ticks % TimeSpan.TicksPerMinute == 0;

    private static string? Whole(ChainReadResult read, ChainSnapshot? previous, WholeChainLimits limits)
    {
        if (read.Truncated is { } cut) return cut;
        var skipped = read.ContractsSkipped;
        var total = read.ContractsRead + skipped;
        if (total > 0 && (double)skipped / total > limits.MaxSkippedShare)
        {
            return Inv($"{skipped} of {total} contracts could not be read ({100.0 * skipped / total:0.#}%, limit {100 * limits.MaxSkippedShare:0.#}%); the first problems are at {ResultBuilder.FirstProblems(read.Problems, 3)}");
        }
        if (previous is null || previous.Count == 0) return null;
        var chain = read.Snapshot;
        if (chain.Count < limits.MinContractShare * previous.Count)
        {
            return Inv($"{chain.Count} contracts against {previous.Count} in the previous chain (below the limit of {100 * limits.MinContractShare:0.#}%); the file looks incomplete");
        }
        var (lo, hi) = Range(chain);
        var (plo, phi) = Range(previous);
        if (phi > plo && hi - lo < limits.MinStrikeCoverage * (phi - plo))
        {
            return Inv($"strikes {lo:0.##}-{hi:0.##} cover less than {100 * limits.MinStrikeCoverage:0.#}% of the previous chain's {plo:0.##}-{phi:0.##}; the file looks incomplete");
        }
        return null;
    }

    private static (double Lo, double Hi) Range(ChainSnapshot chain)
    {
        var lo = double.PositiveInfinity;
        var hi = double.NegativeInfinity;
        foreach (var k in chain.Strike)
        {
            if (!double.IsFinite(k)) continue;
            lo = Math.Min(lo, k);
            hi = Math.Max(hi, k);
        }
        return double.IsFinite(lo) ? (lo, hi) : (0, 0);
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
