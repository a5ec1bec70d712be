using DealerFlow.Core.Chain;

namespace DealerFlow.Core.Exposure;

/// <summary>Who is assumed short what (docs/domain.md section 5): exchange data has open interest, not sides.</summary>
public enum PositioningModel
{
    /// <summary>Dealers long calls (+1), short puts (-1): the SqueezeMetrics convention most tools use.</summary>
    Classic,

    /// <summary>Dealers short every option (-1), as SpotGamma assumes for single stocks.</summary>
    ShortAll,

    /// <summary>No exchange position: only the overlay's signed positions count.</summary>
    OverlayOnly,
}

/// <summary>
/// Signed dealer positions in contracts per OCC symbol (+ = dealers long), added on top of the
/// model's exchange positions: OTC trades, a desk's own book, or hypothetical trades.
/// </summary>
public sealed class PositionOverlay
{
    private readonly Dictionary<string, double> _contracts;

    /// <summary>An overlay named <paramref name="name"/> with signed contracts per OCC symbol (+ = dealers long); symbols match case-insensitively and the dictionary is copied.</summary>
    /// <exception cref="ArgumentException">Two symbols of <paramref name="contractsBySymbol"/> differ only in case.</exception>
    public PositionOverlay(string name, IReadOnlyDictionary<string, double> contractsBySymbol)
    {
        Name = name;
        _contracts = new Dictionary<string, double>(contractsBySymbol, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Where the overlay came from (a file name), for reports.</summary>
    public string Name { get; }

    /// <summary>Number of symbols the overlay names.</summary>
    public int Count => _contracts.Count;

    /// <summary>Each symbol with its signed contracts (+ = dealers long), in no particular order.</summary>
    public IEnumerable<KeyValuePair<string, double>> Entries => _contracts;

    /// <summary>Signed contracts for <paramref name="symbol"/>; 0 when the overlay does not name it.</summary>
    public double ContractsFor(string symbol) => _contracts.TryGetValue(symbol, out var v) ? v : 0;
}

/// <summary>A positioning model plus an optional overlay; printed with every result.</summary>
public sealed record Positioning(PositioningModel Model, PositionOverlay? Overlay = null)
{
    /// <summary>Per model its assumption in words and the names it is parsed from, its code first.</summary>
    private static readonly NamedValue<PositioningModel>[] Models =
    [
        new(PositioningModel.Classic, "dealers long calls, short puts (classic)", "classic"),
        new(PositioningModel.ShortAll, "dealers short every option (short-all)", "short-all", "shortall"),
        new(PositioningModel.OverlayOnly, "only the overlay's positions", "overlay-only", "positions"),
    ];

    /// <summary>The default: <see cref="PositioningModel.Classic"/> with no overlay.</summary>
    public static readonly Positioning Classic = new(PositioningModel.Classic);

    /// <summary>Dealer sign of exchange open interest for a contract of this type.</summary>
    public double SignOf(OptionType type) => Model switch
    {
        PositioningModel.Classic => type == OptionType.Call ? 1 : -1,
        PositioningModel.ShortAll => -1,
        _ => 0,
    };

    /// <summary>Short name, for example "classic" or "classic+overlay(otc.csv)".</summary>
    public string Name => ModelCode(Model) + (Overlay is null ? "" : $"+overlay({Overlay.Name})");

    /// <summary>One sentence stating the assumption.</summary>
    public string Description => NamedValues.Of(Models, Model).Text + (Overlay is null ? "" : $", plus {Overlay.Count} signed positions from {Overlay.Name}");

    /// <summary>The model's code on the command line, in JSON and in the store: "classic", "short-all" or "overlay-only".</summary>
    public static string ModelCode(PositioningModel model) => NamedValues.Of(Models, model).Code;

    /// <summary>Parses a model code, case-insensitive and trimmed: "classic"; "short-all" or "shortall"; "overlay-only" or "positions". False for anything else.</summary>
    public static bool TryParseModel(string text, out PositioningModel model) => NamedValues.TryParse(Models, text, out model);
}
