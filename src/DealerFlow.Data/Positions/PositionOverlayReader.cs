using System.Globalization;
using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;
using DealerFlow.Data.Readers;

namespace DealerFlow.Data.Positions;

/// <summary>
/// Reads a signed-positions overlay: a CSV with a header naming columns <c>symbol</c> (OCC symbol)
/// and <c>contracts</c> (signed dealer position in contracts, + = dealers long), in any order,
/// other columns ignored; blank lines and lines starting with '#' skipped. Rows for the same
/// symbol add up.
/// </summary>
public static class PositionOverlayReader
{
    /// <summary>
    /// The overlay in the file at <paramref name="path"/> (see the type's summary for the format; the column <c>position</c> is
    /// accepted for <c>contracts</c>), named after the file name, symbols normalised to the compact OCC form.
    /// </summary>
    /// <exception cref="ChainReadException">The file cannot be read, has no header with both columns, is empty, or has any bad row (symbol not an OCC symbol, contracts not a finite number); the message names the file and up to five bad rows by line and field.</exception>
    public static PositionOverlay Read(string path)
    {
        var positions = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        StrictCsv.Read(path, "positions overlay", "position", Columns, cells =>
        {
            if (!OccSymbol.TryParse(cells[0], out var symbol))
                return ("symbol", $"'{cells[0]}' is not an OCC option symbol such as SPXW240119C04700000");
            if (!double.TryParse(cells[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var contracts) || !double.IsFinite(contracts))
                return ("contracts", $"'{cells[1]}' is not a number");
            var key = symbol.ToString();
            positions[key] = positions.GetValueOrDefault(key) + contracts;
            return null;
        });
        return new PositionOverlay(Path.GetFileName(path), positions);
    }

    private static readonly StrictColumn[] Columns = [new("symbol", "symbol"), new("contracts", "contracts", "position")];
}
