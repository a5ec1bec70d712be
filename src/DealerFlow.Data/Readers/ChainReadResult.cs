using DealerFlow.Core.Chain;

namespace DealerFlow.Data.Readers;

/// <summary>A chain read from a file, with everything the reader had to say about the file's rows.</summary>
public sealed class ChainReadResult
{
    /// <summary>The loaded contracts, spot, instant and underlying.</summary>
    public required ChainSnapshot Snapshot { get; init; }

    /// <summary>The format the file was read as.</summary>
    public required ChainFormat Format { get; init; }

    /// <summary>Data rows (CSV lines after the header, JSON contract records) seen in the file.</summary>
    public required int RowsRead { get; init; }

    /// <summary>Contracts loaded into <see cref="Snapshot"/> (a CBOE CSV row holds two: call and put).</summary>
    public required int ContractsRead { get; init; }

    /// <summary>Every problem found, in file order.</summary>
    public required IReadOnlyList<ReadProblem> Problems { get; init; }

    /// <summary>
    /// Why the file looks cut short (a CSV whose final row ends without a line break: a writer stopped, or is still
    /// writing, mid-row); null when the file ends whole. A truncated chain is never published or stored
    /// (<see cref="WholeChain"/>); <c>levels</c> exits 3 on one unless <c>--allow-partial</c>.
    /// </summary>
    public string? Truncated { get; init; }

    /// <summary>Contracts present in the file but not loaded (one skipping problem each).</summary>
    public int ContractsSkipped => Problems.Count(p => p.Skipped);
}
