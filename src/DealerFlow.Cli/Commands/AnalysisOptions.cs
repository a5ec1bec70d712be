using DealerFlow.Core.Pricing;
using DealerFlow.Data.Positions;

namespace DealerFlow.Cli.Commands;

/// <summary>The options shared by every command that reads a chain and computes exposure.</summary>
internal sealed class AnalysisOptions
{
    /// <summary>The closed choices: each option's words, values, help glosses and error in one table (<see cref="Choice{T}"/>).</summary>
    private static readonly Choice<ChainFormat> FormatInChoice = new("--format-in",
        new("cboe-csv", ChainFormat.CboeCsv, null, "cboe"), new("cboe-json", ChainFormat.CboeJson), new("schwab", ChainFormat.Schwab, null, "tda", "tdameritrade"),
        new("massive", ChainFormat.Massive, null, "polygon"), new("yfinance", ChainFormat.YFinance), new("normalized", ChainFormat.Normalized));
    /// <summary>The words of --format-in, for a message: "cboe-csv, cboe-json, ... or normalized".</summary>
    internal static string FormatInWords => FormatInChoice.List(glosses: false);
    private static readonly Choice<bool> PerfilievChoice = new("--method",
        new("dealerflow", false, "exact settlement times, implied forwards, polished roots", "default"),
        new("perfiliev", true, "the open-source method, for comparison with published figures"));
    internal static readonly Choice<PositioningModel> ModelChoice = Choice<PositioningModel>.ReadBy(Positioning.TryParseModel, "--model",
        new("classic", PositioningModel.Classic, "long calls, short puts"), new("short-all", PositioningModel.ShortAll), new("overlay-only", PositioningModel.OverlayOnly, "only --positions"));

    /// <summary>The GEX units (Core's <see cref="GexUnits.TryParse"/> reads them), shared with history's --unit.</summary>
    internal static readonly Choice<GexUnit> UnitChoice = Choice<GexUnit>.ReadBy(GexUnits.TryParse, "--unit",
        new("1pct", GexUnit.DollarsPerPercent, "$ per 1% move"), new("point", GexUnit.DollarsPerPoint, "$ per 1-point move"), new("shares", GexUnit.SharesPerDollar, "shares per $1"));
    private static readonly Choice<ForwardMode> ForwardsChoice = new("--forwards",
        new("implied", ForwardMode.Implied, "put-call parity per expiry"), new("flat", ForwardMode.Flat, "r and q"));
    private static readonly Choice<IvSource> IvChoice = new("--iv",
        new("auto", IvSource.Auto, "one IV per strike: out-of-the-money mid, then the other side's mid, then an agreeing vendor IV"),
        new("vendor", IvSource.Vendor, "vendor IV when sane, else the contract's own mid: the behaviour before issue 9"),
        new("mid", IvSource.Mid, "each contract's own mid"));
    private static readonly Choice<QuoteSyncMode> QuoteSyncChoice = new("--quote-sync",
        new("auto", QuoteSyncMode.Auto, "keep a basis carry or a scheduled dividend explains, else re-anchor at the file's spot"),
        new("reanchor", QuoteSyncMode.Reanchor), new("as-quoted", QuoteSyncMode.AsQuoted));
    private static readonly Choice<WallDefinition> WallsChoice = new("--walls",
        new("net", WallDefinition.Net, "calls and puts netted per strike"), new("side", WallDefinition.SideOnly, "each side alone", "side-only"));

    public readonly Option<string> Format = FormatOption.Create("table", "json", "csv");
    public readonly Option<string?> FormatIn = new(FormatInChoice.Option) { Description = $"Force the input format: {FormatInChoice.List(", ", glosses: false)} (default: detected from content)." };
    public readonly Option<string?> Underlying = new("--underlying") { Description = "Underlying symbol, overriding the file's." };
    public readonly Option<double?> Spot = new("--spot") { Description = "Spot price, overriding or supplying the file's." };
    public readonly Option<string?> AsOf = new("--as-of") { Description = "Snapshot instant (ISO-8601 with offset, e.g. 2024-01-05T16:00:00-05:00), overriding or supplying the file's." };
    public readonly Option<string> CboeJsonZone = new("--cboe-json-zone") { Description = "UTC offset assumed for the zone-less timestamp of CBOE delayed-quotes JSON (e.g. +00:00, -05:00).", DefaultValueFactory = _ => "+00:00" };
    public readonly Option<string[]> Map = new("--map") { Description = "Normalized format column mapping, canonical=header (repeatable), e.g. --map open_interest=OI.", AllowMultipleArgumentsPerToken = true };
    public readonly Option<string> Method = new(PerfilievChoice.Option) { Description = $"{PerfilievChoice.List()}.", DefaultValueFactory = _ => "dealerflow" };
    public readonly Option<string> Model = new(ModelChoice.Option) { Description = $"Dealer positioning: {ModelChoice.List(", or ")}.", DefaultValueFactory = _ => "classic" };
    public readonly Option<FileInfo?> Positions = new("--positions") { Description = "Signed dealer positions overlay CSV (symbol,contracts; + = dealers long), added to the model." };
    public readonly Option<string> Unit = new(UnitChoice.Option) { Description = $"GEX unit: {UnitChoice.List(", ")}.", DefaultValueFactory = _ => "1pct" };
    public readonly Option<double> Rate = new("--rate") { Description = "Flat continuous risk-free rate, fraction per year (0.05 = 5%).", DefaultValueFactory = _ => 0.0 };
    public readonly Option<double> DividendYield = new("--dividend-yield") { Description = "Flat continuous dividend yield, fraction per year (used with --forwards flat).", DefaultValueFactory = _ => 0.0 };
    public readonly Option<string> Forwards = new(ForwardsChoice.Option) { Description = $"{ForwardsChoice.List()}.", DefaultValueFactory = _ => "implied" };
    public readonly Option<string> Iv = new(IvChoice.Option) { Description = $"{IvChoice.List(", or ")}.", DefaultValueFactory = _ => "auto" };
    public readonly Option<string> QuoteSync = new(QuoteSyncChoice.Option) { Description = $"{QuoteSyncChoice.List(", or ")}.", DefaultValueFactory = _ => "auto" };
    public readonly Option<FileInfo?> Dividends = new("--dividends") { Description = "Dividend schedule CSV (symbol,ex-date,amount) that explains a spot/forward basis as a dividend." };
    public readonly Option<int?> MaxDte = new("--max-dte") { Description = "Only expiries at most this many calendar days away." };
    public readonly Option<string?> From = new("--expiry-from") { Description = "Only expiries on or after this date (yyyy-MM-dd)." };
    public readonly Option<string?> To;
    public readonly Option<bool> ZeroDte = new("--0dte") { Description = "Only contracts expiring on the snapshot's date." };
    public readonly Option<bool> ExNextExpiry = new("--ex-next-expiry") { Description = "Leave out the next expiry." };
    public readonly Option<bool> ExNextMonthly = new("--ex-next-monthly") { Description = "Leave out the next monthly (third-Friday) expiry." };
    public readonly Option<double> Range = new("--range") { Description = "Zero-gamma search range around spot, fraction (0.2 = +/-20%).", DefaultValueFactory = _ => 0.20 };
    public readonly Option<int> Grid;

    /// <summary>Old names of the expiry window and the profile grid, accepted (hidden) by the commands where they mean nothing else.</summary>
    private readonly Option<string?>? _oldFrom, _oldTo;
    private readonly Option<int?>? _oldGrid;

    /// <summary>
    /// The shared options. One name per meaning across commands: the expiry window is --expiry-from / --expiry-to and
    /// the profile grid --profile-grid everywhere (flows' --to is a target level, history's --from/--to are sessions,
    /// scenario's --grid is a spot x vol grid). With <paramref name="oldNames"/>, the pre-issue-10 names --from, --to
    /// and --grid still work, hidden from help, with a deprecation note on stderr (<see cref="WarnDeprecated"/>).
    /// </summary>
    public AnalysisOptions(bool oldNames = true)
    {
        To = new("--expiry-to") { Description = "Only expiries on or before this date (yyyy-MM-dd)." };
        Grid = new("--profile-grid") { Description = "Hypothetical spots in the profile and the zero-gamma scan.", DefaultValueFactory = _ => 401 };
        if (!oldNames) return;
        _oldFrom = new("--from") { Hidden = true };
        _oldTo = new("--to") { Hidden = true };
        _oldGrid = new("--grid") { Hidden = true };
    }

    private static T? Either<T>(ParseResult r, Option<T> now, Option<T>? old)
    {
        if (old is null || r.GetResult(old) is null) return r.GetValue(now);
        if (r.GetResult(now) is { Implicit: false }) throw new UsageException($"{now.Name} and its old name {old.Name} were both given; keep {now.Name}.");
        return r.GetValue(old);
    }

    /// <summary>Writes one note per old option name used (--from, --to, --grid) naming the new one.</summary>
    public void WarnDeprecated(ParseResult r, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(stderr);
        foreach (var (old, now) in new (Option? Old, Option New)[] { (_oldFrom, From), (_oldTo, To), (_oldGrid, Grid) })
        {
            if (old is not null && r.GetResult(old) is not null) stderr.WriteLine($"dealerflow: note: {old.Name} is deprecated here; use {now.Name}.");
        }
    }
    public readonly Option<string> Walls = new(WallsChoice.Option) { Description = $"{WallsChoice.List()}.", DefaultValueFactory = _ => "net" };
    public readonly Option<int> Top = new("--top") { Description = "How many top strikes to list.", DefaultValueFactory = _ => 5 };

    /// <summary>
    /// Adds the shared options to <paramref name="command"/>; without <paramref name="withLevels"/>, not those only
    /// <see cref="LevelsSettings"/> reads (--unit, --range, --profile-grid, --walls, --top), so a command that computes
    /// no levels refuses them instead of accepting a value it ignores.
    /// </summary>
    public void AddTo(Command command, bool withFormat = true, bool withLevels = true)
    {
        if (withFormat) command.Options.Add(Format);
        foreach (var o in new Option[] { FormatIn, Underlying, Spot, AsOf, CboeJsonZone, Map, Method, Model, Positions, Unit, Rate, DividendYield, Forwards, Iv, QuoteSync, Dividends, MaxDte, From, To, ZeroDte, ExNextExpiry, ExNextMonthly, Range, Grid, Walls, Top })
        {
            if (withLevels || !(o == Unit || o == Range || o == Grid || o == Walls || o == Top)) command.Options.Add(o);
        }
        foreach (var o in new Option?[] { _oldFrom, _oldTo, withLevels ? _oldGrid : null }) if (o is not null) command.Options.Add(o);
    }

    /// <summary>
    /// A command <paramref name="name"/> that reads one chain file (the bundled sample when none is given) with the shared
    /// options; after any deprecation warning, <paramref name="action"/> gets the options, the file, the checked
    /// <c>--format</c> and the parse result.
    /// </summary>
    public static Command OneFileCommand(string name, string description, TextWriter stderr, Func<AnalysisOptions, string, string, ParseResult, int> action, bool withLevels = true)
    {
        var o = new AnalysisOptions();
        var file = new Argument<string?>("FILE") { Description = $"One option chain file. Default: the bundled sample {Samples.DefaultName}.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command(name, description);
        command.Arguments.Add(file);
        o.AddTo(command, withLevels: withLevels);
        command.SetAction(r =>
        {
            o.WarnDeprecated(r, stderr);
            var format = o.OutputFormat(r);
            var path = r.GetValue(file) ?? Samples.Default();
            Analysis.CheckFileArgument(path);
            return action(o, path, format, r);
        });
        return command;
    }

    public string OutputFormat(ParseResult r) => FormatOption.Get(r, Format, "table", "json", "csv");

    public bool IsPerfiliev(ParseResult r) => PerfilievChoice.Parse(r.GetValue(Method)!);

    public ReadOptions ReadOptions(ParseResult r)
    {
        ChainFormat? format = r.GetValue(FormatIn) is { } formatIn ? FormatInChoice.Parse(formatIn) : null;
        var zone = CliParse.Offset(r.GetValue(CboeJsonZone)!, "--cboe-json-zone");
        DateTimeOffset? asOf = r.GetValue(AsOf) is { } a ? CliParse.Instant(a, "--as-of") : null;
        var spot = r.GetValue(Spot);
        if (spot is { } s && !(s > 0 && double.IsFinite(s))) throw new UsageException($"--spot {s} must be a positive price.");
        Dictionary<string, string>? map = null;
        foreach (var m in r.GetValue(Map) ?? [])
        {
            var eq = m.IndexOf('=');
            if (eq <= 0 || eq == m.Length - 1) throw new UsageException($"--map '{m}' must read canonical=header, e.g. open_interest=OI.");
            map ??= new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            map[m[..eq].Trim()] = m[(eq + 1)..].Trim();
        }
        return new ReadOptions { Format = format, Underlying = r.GetValue(Underlying), Spot = spot, AsOf = asOf, CboeJsonOffset = zone, ColumnMap = map };
    }

    public EngineSettings EngineSettings(ParseResult r)
    {
        var model = ModelChoice.Parse(r.GetValue(Model)!);
        var positionsFile = r.GetValue(Positions);
        PositionOverlay? overlay = null;
        if (positionsFile is not null)
        {
            try { overlay = PositionOverlayReader.Read(positionsFile.FullName); }
            catch (ChainReadException e) { throw new InputException(e.Message); }
        }
        if (model == PositioningModel.OverlayOnly && overlay is null)
            throw new UsageException("--model overlay-only needs --positions FILE.");
        var forwards = ForwardsChoice.Parse(r.GetValue(Forwards)!);
        var iv = IvChoice.Parse(r.GetValue(Iv)!);
        var sync = QuoteSyncChoice.Parse(r.GetValue(QuoteSync)!);
        var dividends = DividendSchedule.Empty;
        if (r.GetValue(Dividends) is { } divFile)
        {
            try { dividends = DividendScheduleReader.Read(divFile.FullName); }
            catch (ChainReadException e) { throw new InputException(e.Message); }
        }
        // The initializer checks --rate, --dividend-yield, --max-dte and the expiry window, in that order.
        return new EngineSettings
        {
            Positioning = new Positioning(model, overlay),
            Rate = FractionPerYear(r, Rate, "0.05 = 5%"),
            DividendYield = FractionPerYear(r, DividendYield, "0.015 = 1.5%"),
            Forwards = forwards,
            Iv = iv,
            QuoteSync = sync,
            Dividends = dividends,
            Filter = new ExpiryFilter
            {
                MaxDte = AtLeastZero(r, MaxDte),
                From = ParseDate(Either(r, From, _oldFrom), From.Name),
                To = ParseDate(Either(r, To, _oldTo), To.Name),
                ZeroDteOnly = r.GetValue(ZeroDte),
                ExNextExpiry = r.GetValue(ExNextExpiry),
                ExNextMonthly = r.GetValue(ExNextMonthly),
            },
        };
    }

    public LevelsSettings LevelsSettings(ParseResult r)
    {
        var unit = UnitChoice.Parse(r.GetValue(Unit)!);
        var range = r.GetValue(Range);
        if (!(range is > 0 and < 1)) throw new UsageException($"--range {range} must be a fraction between 0 and 1 (0.2 = +/-20%).");
        var grid = r.GetValue(Grid);
        if (_oldGrid is not null && r.GetResult(_oldGrid) is not null)
        {
            if (r.GetResult(Grid) is { Implicit: false }) throw new UsageException($"{Grid.Name} and its old name {_oldGrid.Name} were both given; keep {Grid.Name}.");
            grid = r.GetValue(_oldGrid) ?? grid;
        }
        if (grid is < 3 or > 100_000) throw new UsageException($"{Grid.Name} {grid} must be between 3 and 100000.");
        var walls = WallsChoice.Parse(r.GetValue(Walls)!);
        var top = r.GetValue(Top);
        if (top is < 1 or > 1000) throw new UsageException($"--top {top} must be between 1 and 1000.");
        return new LevelsSettings { Unit = unit, SearchRange = range, GridPoints = grid, Walls = walls, TopN = top };
    }

    /// <summary>The flat continuous rate of <paramref name="option"/> (--rate, --dividend-yield): a fraction per year between -1 and 1, as <paramref name="example"/> shows.</summary>
    private static double FractionPerYear(ParseResult r, Option<double> option, string example)
    {
        var value = r.GetValue(option);
        return double.IsFinite(value) && Math.Abs(value) <= 1 ? value
            : throw new UsageException($"{option.Name} {value} must be a fraction per year between -1 and 1 ({example}).");
    }

    /// <summary>A day count (--max-dte): 0 or more, or null for no limit.</summary>
    private static int? AtLeastZero(ParseResult r, Option<int?> option)
    {
        var days = r.GetValue(option);
        return days is < 0 ? throw new UsageException($"{option.Name} {days} must be 0 or more.") : days;
    }

    private static DateOnly? ParseDate(string? text, string option) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw new UsageException($"{option} '{text}' is not a date such as 2024-01-19.");
}
