using System.Globalization;
using System.Text;

namespace DealerFlow.Data.Readers;

/// <summary>The last step every reader shares: resolve underlying, spot and instant, and build the result.</summary>
internal static class ResultBuilder
{
    public static ChainReadResult Finish(
        RowContext ctx,
        ChainFormat format,
        string name,
        ReadOptions options,
        string? fileUnderlying,
        double fileSpot,
        DateTimeOffset? fileInstant,
        string formatLabel,
        FeedTimeliness? timeliness = null)
    {
        if (ctx.Contracts == 0)
        {
            if (ctx.Rows == 0)
                throw new ChainReadException($"'{name}' has the layout of a {formatLabel} but holds no contract rows.");
            throw new ChainReadException(
                $"'{name}' ({formatLabel}): none of the {ctx.Rows} data row(s) could be loaded; the first problems are at {FirstProblems(ctx.Problems, 3)}.");
        }
        var underlying = options.Underlying is { Length: > 0 } u
            ? u.Trim()
            : fileUnderlying is { Length: > 0 } fu ? fu : Underlyings.MostCommon(ctx.RootCounts()) ?? "";
        var spot = options.Spot ?? fileSpot;
        if (!double.IsFinite(spot) || spot <= 0)
        {
            throw new ChainReadException(double.IsNaN(spot)
                ? $"'{name}' ({formatLabel}) gives no spot price for {underlying}; supply one with ReadOptions.Spot (--spot)."
                : string.Create(CultureInfo.InvariantCulture,
                    $"'{name}' ({formatLabel}) gives spot {spot} for {underlying}, which is not a positive price; supply one with ReadOptions.Spot (--spot)."));
        }
        var instant = options.AsOf ?? fileInstant
            ?? throw new ChainReadException(
                $"'{name}' ({formatLabel}) gives no snapshot time; supply one with ReadOptions.AsOf (--as-of).");
        var contracts = ctx.Contracts;
        var snapshot = ctx.Build(underlying, spot, instant, $"{formatLabel}: {name}");
        return new ChainReadResult
        {
            Snapshot = snapshot,
            Format = format,
            RowsRead = ctx.Rows,
            ContractsRead = contracts,
            Problems = ctx.Problems,
            Timeliness = timeliness,
        };
    }

    /// <summary>Where the first <paramref name="n"/> problems are (line and field, never the file's text: these sentences reach the live server's API).</summary>
    public static string FirstProblems(IReadOnlyList<ReadProblem> problems, int n)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < problems.Count && i < n; i++)
        {
            if (i > 0) sb.Append("; ");
            sb.Append(problems[i].Where);
        }
        if (problems.Count > n) sb.Append(CultureInfo.InvariantCulture, $"; and {problems.Count - n} more");
        return sb.ToString();
    }
}
