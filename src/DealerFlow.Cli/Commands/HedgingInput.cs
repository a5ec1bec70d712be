namespace DealerFlow.Cli.Commands;

/// <summary>A chain read, priced and analysed for the hedging commands (flows, bands, scenario, simulate).</summary>
internal sealed record HedgingInput(string File, ChainReadResult Input, PricedChain Chain, GexAnalysis Analysis, LevelsSettings LevelsSettings)
{
    public LevelsReport Levels => Analysis.Levels;
}

internal static class HedgingCli
{
    /// <summary>The shared options, without the old names (--to and --grid mean a target level and a spot x vol grid here).</summary>
    public static AnalysisOptions Options() => new(oldNames: false);

    /// <summary>The <c>FILE</c> argument of every hedging command: the one chain it reads.</summary>
    public static Argument<string> FileArgument() => new("FILE") { Description = "One option chain file." };

    public static string Format(AnalysisOptions o, ParseResult r) => FormatOption.Get(r, o.Format, "table", "json");

    /// <summary>Reads and prices <paramref name="file"/>; <paramref name="engine"/> overrides the options' engine settings (for scenarios).</summary>
    public static HedgingInput Load(string file, AnalysisOptions o, ParseResult r, EngineSettings? engine = null)
    {
        if (o.IsPerfiliev(r))
            throw new UsageException("the hedging commands re-price every contract (delta and gamma at hypothetical spots and times); --method perfiliev only reads the vendor's gamma. Use --method dealerflow.");
        ChainReadResult input;
        try
        {
            input = ChainReader.Read(file, o.ReadOptions(r));
        }
        catch (ChainReadException e)
        {
            throw new InputException(e.Message);
        }
        engine ??= o.EngineSettings(r);
        var levels = o.LevelsSettings(r);
        var chain = Price(file, input, engine);
        return new HedgingInput(file, input, chain, LevelsCalculator.Analyze(chain, levels), levels);
    }

    public static PricedChain Price(string file, ChainReadResult input, EngineSettings engine)
    {
        var chain = ChainPricer.Price(input.Snapshot, engine);
        if (chain.Count == 0)
            throw new InputException($"{Path.GetFileName(file)}: no contract is left to price after exclusions ({string.Join(", ", chain.Excluded.Select(kv => $"{LevelsCalculator.ReasonCode(kv.Key)} {kv.Value}"))}); check the expiry filter and the snapshot time {input.Snapshot.Instant:yyyy-MM-dd HH:mm zzz}.");
        return chain;
    }

    public static void Header(IAnsiConsole c, HedgingInput h, string what)
    {
        var l = h.Levels;
        c.MarkupLine($"[bold]{Markup.Escape(what)}[/]: [bold]{Markup.Escape(l.Underlying)}[/] spot [bold]{Fmt.Price(l.Spot)}[/] as of {l.AsOf.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)} ({Markup.Escape(Path.GetFileName(h.File))})");
        c.MarkupLine($"positioning [bold]{Markup.Escape(l.Positioning)}[/]: {Markup.Escape(l.PositioningDescription)} | {Markup.Escape(l.Filter)} | {h.Chain.Count:#,0} contracts priced");
        c.MarkupLine($"levels: zero gamma {Fmt.Price(l.ZeroGamma)}, call wall {Fmt.Price(l.CallWall)}, put wall {Fmt.Price(l.PutWall)}; total GEX {Markup.Escape(Fmt.Amount(l.TotalGex))} (dealers {l.Regime.Label()})");
    }

    public static JsonObject Meta(string schema, HedgingInput h) => new()
    {
        ["schema"] = schema,
        ["file"] = Path.GetFileName(h.File),
        ["underlying"] = h.Levels.Underlying,
        ["spot"] = h.Levels.Spot,
        ["asOf"] = Json.Instant(h.Levels.AsOf),
        ["positioning"] = h.Levels.Positioning,
        ["positioningDescription"] = h.Levels.PositioningDescription,
        ["filter"] = h.Levels.Filter,
        ["contractsPriced"] = h.Chain.Count,
        ["levels"] = LevelsNode(h.Levels),
    };

    /// <summary>
    /// Writes a hedging command's result and returns <see cref="Cli.Ok"/>: with <c>--format json</c> the <see cref="Meta"/>
    /// object of <paramref name="schema"/> with what <paramref name="json"/> adds to it; else the <see cref="Header"/>
    /// titled <paramref name="title"/> and the tables <paramref name="table"/> writes below it.
    /// </summary>
    public static int Write(TextWriter stdout, string format, string schema, HedgingInput h, string title, Action<JsonObject> json, Action<IAnsiConsole> table)
    {
        if (format == "json")
        {
            var node = Meta(schema, h);
            json(node);
            stdout.WriteLine(Json.Write(node));
        }
        else
        {
            var console = Tables.Console(stdout);
            Header(console, h, title);
            table(console);
        }
        return Cli.Ok;
    }

    public static JsonObject LevelsNode(LevelsReport l) => new()
    {
        ["spot"] = l.Spot,
        ["asOf"] = Json.Instant(l.AsOf),
        ["zeroGamma"] = l.ZeroGamma,
        ["callWall"] = l.CallWall,
        ["putWall"] = l.PutWall,
        ["absoluteGammaStrike"] = l.AbsoluteGammaStrike,
        ["totalGex"] = Json.ToNode(l.TotalGex),
        ["regime"] = l.Regime.Label(),
    };

    /// <summary>A <c>--to</c> level (<see cref="HedgeTargets.TryParse"/>); a usage error naming the option for anything else.</summary>
    public static HedgeTarget ParseLevel(string text, LevelsReport l) =>
        HedgeTargets.TryParse(text, l, out var target) ? target : throw new UsageException("--to " + HedgeTargets.Problem(text));

    public static double Positive(double value, string option)
    {
        if (!(value > 0) || !double.IsFinite(value)) throw new UsageException($"{option} {value.ToString(CultureInfo.InvariantCulture)} must be a positive number.");
        return value;
    }
}
