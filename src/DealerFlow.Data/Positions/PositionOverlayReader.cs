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
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ChainReadException($"Cannot read the positions overlay '{path}': {e.Message}");
        }
        var name = Path.GetFileName(path);
        int symbolCol = -1, contractsCol = -1, headerLine = -1;
        var positions = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var cells = line.Split(',');
            if (headerLine < 0)
            {
                headerLine = i;
                for (var c = 0; c < cells.Length; c++)
                {
                    var h = cells[c].Trim().Trim('"').ToLowerInvariant();
                    if (h == "symbol") symbolCol = c;
                    if (h is "contracts" or "position") contractsCol = c;
                }
                if (symbolCol < 0 || contractsCol < 0)
                    throw new ChainReadException($"The positions overlay '{name}' needs a header line with the columns 'symbol' and 'contracts'; line {i + 1} reads '{line}'.");
                continue;
            }
            if (cells.Length <= Math.Max(symbolCol, contractsCol))
            {
                errors.Add($"line {i + 1}: expected {Math.Max(symbolCol, contractsCol) + 1} columns, found {cells.Length}");
                continue;
            }
            var symbolText = cells[symbolCol].Trim().Trim('"');
            if (!OccSymbol.TryParse(symbolText, out var symbol))
            {
                errors.Add($"line {i + 1}, field symbol: '{symbolText}' is not an OCC option symbol such as SPXW240119C04700000");
                continue;
            }
            if (!double.TryParse(cells[contractsCol].Trim().Trim('"'), NumberStyles.Float, CultureInfo.InvariantCulture, out var contracts) || !double.IsFinite(contracts))
            {
                errors.Add($"line {i + 1}, field contracts: '{cells[contractsCol].Trim()}' is not a number");
                continue;
            }
            var key = symbol.ToString();
            positions[key] = positions.GetValueOrDefault(key) + contracts;
        }
        if (errors.Count > 0)
            throw new ChainReadException($"The positions overlay '{name}' has {errors.Count} bad row(s); nothing was applied. {string.Join("; ", errors.Take(5))}.");
        if (headerLine < 0)
            throw new ChainReadException($"The positions overlay '{name}' is empty; it needs a header 'symbol,contracts' and one row per position.");
        return new PositionOverlay(name, positions);
    }
}
