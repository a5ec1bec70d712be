using DealerFlow.Core.Pricing;
using DealerFlow.Data.Positions;

namespace DealerFlow.Cli.Commands;

/// <summary>The options shared by every command that reads a chain and computes exposure.</summary>
internal sealed class AnalysisOptions
{
    public readonly Option<string> Format = FormatOption.Create("table", "json", "csv");
    public readonly Option<string?> FormatIn = new("--format-in") { Description = "Force the input format: cboe-csv, cboe-json, schwab, massive, yfinance, normalized (default: detected from content)." };
    public readonly Option<string?> Underlying = new("--underlying") { Description = "Underlying symbol, overriding the file's." };
    public readonly Option<double?> Spot = new("--spot") { Description = "Spot price, overriding or supplying the file's." };
    public readonly Option<string?> AsOf = new("--as-of") { Description = "Snapshot instant (ISO-8601 with offset, e.g. 2024-01-05T16:00:00-05:00), overriding or supplying the file's." };
    public readonly Option<string> CboeJsonZone = new("--cboe-json-zone") { Description = "UTC offset assumed for the zone-less timestamp of CBOE delayed-quotes JSON (e.g. +00:00, -05:00).", DefaultValueFactory = _ => "+00:00" };
    public readonly Option<string[]> Map = new("--map") { Description = "Normalized format column mapping, canonical=header (repeatable), e.g. --map open_interest=OI.", AllowMultipleArgumentsPerToken = true };
    public readonly Option<string> Method = new("--method") { Description = "dealerflow (exact settlement times, implied forwards, polished roots) or perfiliev (the open-source method, for comparison with published figures).", DefaultValueFactory = _ => "dealerflow" };
    public readonly Option<string> Model = new("--model") { Description = "Dealer positioning: classic (long calls, short puts), short-all, or overlay-only (only --positions).", DefaultValueFactory = _ => "classic" };
    public readonly Option<FileInfo?> Positions = new("--positions") { Description = "Signed dealer positions overlay CSV (symbol,contracts; + = dealers long), added to the model." };
    public readonly Option<string> Unit = new("--unit") { Description = "GEX unit: 1pct ($ per 1% move), point ($ per 1-point move), shares (shares per $1).", DefaultValueFactory = _ => "1pct" };
    public readonly Option<double> Rate = new("--rate") { Description = "Flat continuous risk-free rate, fraction per year (0.05 = 5%).", DefaultValueFactory = _ => 0.0 };
    public readonly Option<double> DividendYield = new("--dividend-yield") { Description = "Flat continuous dividend yield, fraction per year (used with --forwards flat).", DefaultValueFactory = _ => 0.0 };
    public readonly Option<string> Forwards = new("--forwards") { Description = "implied (put-call parity per expiry) or flat (r and q).", DefaultValueFactory = _ => "implied" };
    public readonly Option<string> Iv = new("--iv") { Description = "auto (one IV per strike: out-of-the-money mid, then the other side's mid, then an agreeing vendor IV), vendor (vendor IV when sane, else the contract's own mid: the behaviour before issue 9), or mid (each contract's own mid).", DefaultValueFactory = _ => "auto" };
    public readonly Option<string> QuoteSync = new("--quote-sync") { Description = "auto (keep a basis carry or a scheduled dividend explains, else re-anchor at the file's spot), reanchor, or as-quoted.", DefaultValueFactory = _ => "auto" };
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
    public readonly Option<string> Walls = new("--walls") { Description = "net (calls and puts netted per strike) or side (each side alone).", DefaultValueFactory = _ => "net" };
    public readonly Option<int> Top = new("--top") { Description = "How many top strikes to list.", DefaultValueFactory = _ => 5 };

    public void AddTo(Command command, bool withFormat = true)
    {
        if (withFormat) command.Options.Add(Format);
        foreach (var o in new Option[] { FormatIn, Underlying, Spot, AsOf, CboeJsonZone, Map, Method, Model, Positions, Unit, Rate, DividendYield, Forwards, Iv, QuoteSync, Dividends, MaxDte, From, To, ZeroDte, ExNextExpiry, ExNextMonthly, Range, Grid, Walls, Top })
            command.Options.Add(o);
        foreach (var o in new Option?[] { _oldFrom, _oldTo, _oldGrid }) if (o is not null) command.Options.Add(o);
    }

    /// <summary>
    /// A command <paramref name="name"/> that reads one chain file (the bundled sample when none is given) with the shared
    /// options; after any deprecation warning, <paramref name="action"/> gets the options, the file, the checked
    /// <c>--format</c> and the parse result.
    /// </summary>
    public static Command OneFileCommand(string name, string description, TextWriter stderr, Func<AnalysisOptions, string, string, ParseResult, int> action)
    {
        var o = new AnalysisOptions();
        var file = new Argument<string?>("FILE") { Description = $"One option chain file. Default: the bundled sample {Samples.DefaultName}.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command(name, description);
        command.Arguments.Add(file);
        o.AddTo(command);
        command.SetAction(r =>
        {
            o.WarnDeprecated(r, stderr);
            var format = o.OutputFormat(r);
            return action(o, r.GetValue(file) ?? Samples.Default(), format, r);
        });
        return command;
    }

    public string OutputFormat(ParseResult r) => FormatOption.Get(r, Format, "table", "json", "csv");

    public bool IsPerfiliev(ParseResult r) => r.GetValue(Method)!.ToLowerInvariant() switch
    {
        "dealerflow" or "default" => false,
        "perfiliev" => true,
        var m => throw new UsageException($"--method '{m}' is not one of dealerflow, perfiliev."),
    };

    public ReadOptions ReadOptions(ParseResult r)
    {
        ChainFormat? format = r.GetValue(FormatIn)?.ToLowerInvariant() switch
        {
            null => null,
            "cboe-csv" or "cboe" => ChainFormat.CboeCsv,
            "cboe-json" => ChainFormat.CboeJson,
            "schwab" or "tda" or "tdameritrade" => ChainFormat.Schwab,
            "massive" or "polygon" => ChainFormat.Massive,
            "yfinance" => ChainFormat.YFinance,
            "normalized" => ChainFormat.Normalized,
            var f => throw new UsageException($"--format-in '{f}' is not one of cboe-csv, cboe-json, schwab, massive, yfinance, normalized."),
        };
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
        if (!Positioning.TryParseModel(r.GetValue(Model)!, out var model))
            throw new UsageException($"--model '{r.GetValue(Model)}' is not one of classic, short-all, overlay-only.");
        var positionsFile = r.GetValue(Positions);
        PositionOverlay? overlay = null;
        if (positionsFile is not null)
        {
            try { overlay = PositionOverlayReader.Read(positionsFile.FullName); }
            catch (ChainReadException e) { throw new InputException(e.Message); }
        }
        if (model == PositioningModel.OverlayOnly && overlay is null)
            throw new UsageException("--model overlay-only needs --positions FILE.");
        var forwards = r.GetValue(Forwards)!.ToLowerInvariant() switch
        {
            "implied" => ForwardMode.Implied,
            "flat" => ForwardMode.Flat,
            var f => throw new UsageException($"--forwards '{f}' is not one of implied, flat."),
        };
        var iv = r.GetValue(Iv)!.ToLowerInvariant() switch
        {
            "auto" => IvSource.Auto,
            "vendor" => IvSource.Vendor,
            "mid" => IvSource.Mid,
            var f => throw new UsageException($"--iv '{f}' is not one of auto, vendor, mid."),
        };
        var sync = r.GetValue(QuoteSync)!.ToLowerInvariant() switch
        {
            "auto" => QuoteSyncMode.Auto,
            "reanchor" => QuoteSyncMode.Reanchor,
            "as-quoted" => QuoteSyncMode.AsQuoted,
            var f => throw new UsageException($"--quote-sync '{f}' is not one of auto, reanchor, as-quoted."),
        };
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
        if (!GexUnits.TryParse(r.GetValue(Unit)!, out var unit))
            throw new UsageException($"--unit '{r.GetValue(Unit)}' is not one of 1pct, point, shares.");
        var range = r.GetValue(Range);
        if (!(range is > 0 and < 1)) throw new UsageException($"--range {range} must be a fraction between 0 and 1 (0.2 = +/-20%).");
        var grid = r.GetValue(Grid);
        if (_oldGrid is not null && r.GetResult(_oldGrid) is not null)
        {
            if (r.GetResult(Grid) is { Implicit: false }) throw new UsageException($"{Grid.Name} and its old name {_oldGrid.Name} were both given; keep {Grid.Name}.");
            grid = r.GetValue(_oldGrid) ?? grid;
        }
        if (grid is < 3 or > 100_000) throw new UsageException($"{Grid.Name} {grid} must be between 3 and 100000.");
        var walls = r.GetValue(Walls)!.ToLowerInvariant() switch
        {
            "net" => WallDefinition.Net,
            "side" or "side-only" => WallDefinition.SideOnly,
            var w => throw new UsageException($"--walls '{w}' is not one of net, side."),
        };
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
