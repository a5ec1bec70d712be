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
/// One rule for "this chain is whole": not cut short, not mostly unreadable, and not collapsed against the previous
/// chain of the same symbol. A rejected chain is shown as that symbol's error with this reason; it is never
/// published or stored, and the previous chain stays.
/// </summary>
public static class WholeChain
{
    /// <summary>Null when <paramref name="read"/> may replace <paramref name="previous"/>; otherwise why not.</summary>
    public static string? Check(ChainReadResult read, ChainSnapshot? previous, WholeChainLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        limits ??= WholeChainLimits.Default;
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
