namespace DealerFlow.Cli.Commands;

/// <summary><c>dealerflow scenario FILE ...</c>: wall-failure scenarios with levels before and after.</summary>
internal static class ScenarioCommand
{
    public const string Schema = "dealerflow.scenario/1";

    private static readonly Choice<Stickiness> StickyChoice = new("--sticky",
        new("strike", Stickiness.Strike, null, "sticky-strike"), new("moneyness", Stickiness.Moneyness, null, "sticky-moneyness"));

    /// <summary>--flow-unit: true when the flow is in shares.</summary>
    private static readonly Choice<bool> FlowInSharesChoice = new("--flow-unit", new("usd", false, null, "$"), new("shares", true));

    private sealed record Section(string Name, string Description, LevelsReport Before, LevelsReport? After, JsonObject Detail, Action<IAnsiConsole> Table);

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = HedgingCli.FileArgument();
        var volShock = new Option<double?>("--vol-shock") { Description = "Add this many IV points to every contract (5 = +5 points; negative lowers)." };
        var volScale = new Option<double?>("--vol-scale") { Description = "Multiply every IV by this factor (1.2 = +20%)." };
        var sticky = new Option<string>(StickyChoice.Option) { Description = $"How IVs follow spot in the vol scenario's flip and the grid: {StickyChoice.List()}.", DefaultValueFactory = _ => "strike" };
        var at = new Option<string?>("--at") { Description = "Revalue at this later instant (ISO-8601 with offset, e.g. 2024-01-08T15:30-05:00): expiries settled by then drop out." };
        var flow = new Option<double?>("--flow") { Description = "Directional flow against the wall in its way: + buying (toward the call wall), - selling (toward the put wall)." };
        var flowUnit = new Option<string>(FlowInSharesChoice.Option) { Description = $"{FlowInSharesChoice.List()}.", DefaultValueFactory = _ => "usd" };
        var grid = new Option<bool>("--grid") { Description = "Spot x vol grid of total GEX (heatmap data)." };
        var gridSpots = new Option<int>("--grid-spots") { Description = "Spots in the grid.", DefaultValueFactory = _ => 21 };
        var gridRange = new Option<double>("--grid-range") { Description = "Grid spots span spot x (1 +/- this fraction).", DefaultValueFactory = _ => 0.05 };
        var gridVols = new Option<string>("--grid-vols") { Description = "Vol shocks of the grid rows, IV points, comma separated.", DefaultValueFactory = _ => "-5,-2.5,0,2.5,5,10" };
        var o = HedgingCli.Options();
        o.Positions.Aliases.Add("--overlay");
        var command = new Command("scenario", "Wall-failure scenarios, each with levels before and after: a directional flow against the dealers' hedging capacity up to the wall (--flow), a positions overlay (--positions), a vol shock (--vol-shock / --vol-scale, --sticky), time forward (--at), and a spot x vol grid of total GEX (--grid).");
        command.Arguments.Add(file);
        foreach (var opt in new Option[] { volShock, volScale, sticky, at, flow, flowUnit, grid, gridSpots, gridRange, gridVols }) command.Options.Add(opt);
        o.AddTo(command);
        command.SetAction(r =>
        {
            var format = HedgingCli.Format(o, r);
            var stickiness = StickyChoice.Parse(r.GetValue(sticky)!);
            if (r.GetValue(volShock) is not null && r.GetValue(volScale) is not null) throw new UsageException("give --vol-shock (IV points) or --vol-scale (factor), not both.");
            VolShock? shock = r.GetValue(volShock) is { } vs ? (double.IsFinite(vs) ? VolShock.Points(vs) : throw new UsageException("--vol-shock must be a number of IV points."))
                : r.GetValue(volScale) is { } sc ? VolShock.Times(HedgingCli.Positive(sc, "--vol-scale")) : null;
            DateTimeOffset? instant = r.GetValue(at) is { } a
                ? CliParse.Instant(a, "--at")
                : null;
            var flowAmount = r.GetValue(flow);
            if (flowAmount is { } fa && (!double.IsFinite(fa) || fa == 0)) throw new UsageException("--flow must be a non-zero amount (+ buying, - selling).");
            var flowInShares = FlowInSharesChoice.Parse(r.GetValue(flowUnit)!);
            var overlay = r.GetValue(o.Positions) is not null;
            var wantGrid = r.GetValue(grid);
            if (shock is null && instant is null && flowAmount is null && !overlay && !wantGrid)
                throw new UsageException("choose at least one scenario: --flow, --positions, --vol-shock or --vol-scale, --at, --grid.");
            var nSpots = r.GetValue(gridSpots);
            if (nSpots is < 2 or > 1001) throw new UsageException($"--grid-spots {nSpots} must be between 2 and 1001.");
            var gRange = r.GetValue(gridRange);
            if (!(gRange is > 0 and < 0.5)) throw new UsageException($"--grid-range {gRange} must be a fraction between 0 and 0.5.");
            var shocks = r.GetValue(gridVols)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(x => double.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : throw new UsageException($"--grid-vols '{x}' is not a number of IV points."))
                .ToArray();

            var engine = o.EngineSettings(r);
            if (overlay && engine.Positioning.Model == PositioningModel.OverlayOnly)
                throw new UsageException("the overlay scenario compares the exchange book with and without --positions; use --model classic or short-all.");
            var baseEngine = engine with { Positioning = new Positioning(engine.Positioning.Model) };
            var h = HedgingCli.Load(r.GetValue(file)!, o, r, baseEngine);
            var before = h.Levels;
            var ls = h.LevelsSettings;
            var unitLabel = GexUnits.Label(ls.Unit);
            var sections = new List<Section>();

            if (flowAmount is { } amount)
            {
                var shares = flowInShares ? amount : amount / h.Chain.Spot;
                var fw = Scenarios.FlowVsCapacity(h.Chain, before, shares, ls.SearchRange);
                LevelsReport? after = fw.Equilibrium is { } eq ? Analyze(ChainRevaluer.Revalue(h.Chain, new Revaluation { Spot = eq }).Chain, ls) : null;
                var verdict = fw.Wall is null ? $"no {(shares > 0 ? "call wall above" : "put wall below")} spot"
                    : fw.CapacityShares <= 0 ? $"the {fw.Wall} cannot hold this flow: dealers are net short gamma between spot and the wall, so their hedging joins the flow ({Fmt.Big(-(fw.CapacityShares ?? 0))} more shares {(shares > 0 ? "bought" : "sold")} on the way, {Fmt.Big(Math.Abs(fw.CapacityDollars ?? 0))} $)"
                    : fw.Holds == true ? $"the {fw.Wall} holds: dealers' opposite hedging up to it ({Fmt.Big(fw.CapacityShares ?? 0)} shares, {Fmt.Big(fw.CapacityDollars ?? 0)} $) exceeds the flow by {Fmt.Big(fw.MarginShares ?? 0)} shares"
                    : $"the {fw.Wall} breaks: the flow exceeds the dealers' opposite hedging up to it ({Fmt.Big(fw.CapacityShares ?? 0)} shares) by {Fmt.Big(-(fw.MarginShares ?? 0))} shares";
                var detail = new JsonObject { ["flowVsWall"] = Json.ToNode(fw), ["verdict"] = verdict, ["units"] = "shares of the underlying; usd; levels in price units. Capacity assumes dealers' hedges are the only liquidity between spot and the wall; 'after' levels are at the equilibrium spot where their hedging equals the flow." };
                sections.Add(new Section("flow", $"{(shares > 0 ? "buy" : "sell")} flow of {Fmt.Big(Math.Abs(shares))} shares ({Fmt.Big(Math.Abs(shares) * h.Chain.Spot)} $) against the wall", before, after, detail, c =>
                {
                    c.MarkupLine(Markup.Escape(verdict));
                    c.MarkupLine($"equilibrium spot (dealer hedging = flow): {Fmt.Price(fw.Equilibrium)}");
                }));
            }
            if (overlay)
            {
                var withOverlay = HedgingCli.Price(h.File, h.Input, engine);
                var after = Analyze(withOverlay, ls);
                var x = engine.Positioning.Overlay!;
                var detail = new JsonObject { ["overlay"] = x.Name, ["positions"] = x.Count, ["totalGexBefore"] = Json.ToNode(before.TotalGex), ["totalGexAfter"] = Json.ToNode(after.TotalGex) };
                sections.Add(new Section("overlay", $"{x.Count} signed positions from {x.Name} added to the exchange book", before, after, detail, c =>
                    c.MarkupLine($"total GEX {Markup.Escape(Fmt.Amount(before.TotalGex))} -> {Markup.Escape(Fmt.Amount(after.TotalGex))}")));
            }
            if (shock is { } vol)
            {
                var shocked = ChainRevaluer.Revalue(h.Chain, new Revaluation { Vol = vol });
                var after = Analyze(shocked.Chain, ls);
                double? stickyFlip = stickiness == Stickiness.Moneyness ? Scenarios.ZeroGammaStickyMoneyness(h.Chain, vol, ls.SearchRange) : null;
                var detail = new JsonObject
                {
                    ["shock"] = vol.Describe(),
                    ["sticky"] = stickiness == Stickiness.Strike ? "strike" : "moneyness",
                    ["volsFloored"] = shocked.VolsFloored,
                    ["totalGexBefore"] = Json.ToNode(before.TotalGex),
                    ["totalGexAfter"] = Json.ToNode(after.TotalGex),
                    ["zeroGammaStickyMoneyness"] = stickyFlip,
                };
                sections.Add(new Section("vol", $"IV shock {vol.Describe()} ({(stickiness == Stickiness.Strike ? "sticky strike" : "sticky moneyness")})", before, after, detail, c =>
                {
                    c.MarkupLine($"total GEX {Markup.Escape(Fmt.Amount(before.TotalGex))} -> {Markup.Escape(Fmt.Amount(after.TotalGex))}; {shocked.VolsFloored} IVs raised to the 0.5% floor");
                    if (stickiness == Stickiness.Moneyness) c.MarkupLine($"zero gamma with sticky-moneyness IVs (smile re-read at K S0/S for each hypothetical spot): {Fmt.Price(stickyFlip)}");
                }));
            }
            if (instant is { } when)
            {
                if (when < h.Chain.Instant) throw new UsageException($"--at {when:yyyy-MM-dd HH:mm zzz} is before the snapshot ({h.Chain.Instant:yyyy-MM-dd HH:mm zzz}); time only moves forward.");
                var later = ChainRevaluer.Revalue(h.Chain, new Revaluation { Instant = when });
                if (later.Chain.Count == 0) throw new InputException($"every contract has settled by {when:yyyy-MM-dd HH:mm zzz}; choose an earlier --at.");
                var after = Analyze(later.Chain, ls);
                var beforeX = h.Analysis.Exposure;
                var afterX = LevelsCalculator.Analyze(later.Chain, ls).Exposure;
                var gone = Scenarios.Evaporated(beforeX, afterX, 10);
                var detail = new JsonObject
                {
                    ["at"] = Json.Instant(when),
                    ["contractsExpired"] = later.ContractsExpired,
                    ["unit"] = GexUnits.Code(ls.Unit),
                    ["evaporated"] = Json.ToNode(gone),
                    ["totalGexBefore"] = Json.ToNode(before.TotalGex),
                    ["totalGexAfter"] = Json.ToNode(after.TotalGex),
                };
                sections.Add(new Section("time", $"revalued at {when:yyyy-MM-dd HH:mm zzz} (spot and IVs unchanged)", before, after, detail, c =>
                {
                    c.MarkupLine($"{later.ContractsExpired:#,0} contracts settled by then; total GEX {Markup.Escape(Fmt.Amount(before.TotalGex))} -> {Markup.Escape(Fmt.Amount(after.TotalGex))}");
                    if (gone.Count == 0) { c.MarkupLine("no top-10 strike lost more than half its net GEX"); return; }
                    var t = new Table().Border(TableBorder.Simple).Title($"Walls that evaporate (top-10 strikes by |net GEX| keeping < 50%, {Markup.Escape(unitLabel)})")
                        .AddColumn(new TableColumn("Strike").RightAligned()).AddColumn(new TableColumn("Before").RightAligned()).AddColumn(new TableColumn("After").RightAligned()).AddColumn(new TableColumn("Left").RightAligned());
                    foreach (var g in gone) t.AddRow(Fmt.Price(g.Strike), Fmt.Big(g.Before), Fmt.Big(g.After), Fmt.Num(g.Remaining * 100, "0") + "%");
                    c.Write(t);
                }));
            }
            if (wantGrid)
            {
                var spots = Enumerable.Range(0, nSpots).Select(i => h.Chain.Spot * (1 - gRange + 2 * gRange * i / (nSpots - 1))).ToArray();
                var g = Scenarios.Grid(h.Chain, spots, shocks.Select(v => v == 0 ? VolShock.None : VolShock.Points(v)).ToArray(), stickiness, ls.Unit);
                var detail = new JsonObject { ["grid"] = Json.ToNode(g), ["unitLabel"] = unitLabel };
                sections.Add(new Section("grid", $"total dealer GEX on a spot x vol grid ({g.Sticky}, {unitLabel})", before, null, detail, c =>
                {
                    var t = new Table().Border(TableBorder.Simple).Title($"Total GEX ({Markup.Escape(unitLabel)}, {g.Sticky}): rows IV shock in points, columns spot")
                        .AddColumn("IV pts");
                    var step = Math.Max(1, (int)Math.Ceiling((spots.Length - 1) / 8.0));
                    var cols = Enumerable.Range(0, spots.Length).Where(i => i % step == 0 || i == spots.Length - 1).Distinct().ToArray();
                    foreach (var i in cols) t.AddColumn(new TableColumn(Fmt.Num(spots[i], "#,0")).RightAligned());
                    for (var v = 0; v < g.Vols.Count; v++)
                        t.AddRow(new[] { Markup.Escape(g.Vols[v].Replace(" IV points", "", StringComparison.Ordinal)) }.Concat(cols.Select(i => Fmt.Big(g.Values[v][i]))).ToArray());
                    c.Write(t);
                }));
            }

            return HedgingCli.Write(stdout, format, Schema, h, "Scenarios", json =>
            {
                json["unit"] = GexUnits.Code(ls.Unit);
                json["scenarios"] = new JsonArray(sections.Select(s => (JsonNode)new JsonObject
                {
                    ["name"] = s.Name,
                    ["description"] = s.Description,
                    ["before"] = HedgingCli.LevelsNode(s.Before),
                    ["after"] = s.After is null ? null : HedgingCli.LevelsNode(s.After),
                    ["changes"] = s.After is null ? null : Json.ToNode(Scenarios.Compare(s.Before, s.After)),
                    ["detail"] = s.Detail,
                }).ToArray());
            }, console =>
            {
                foreach (var s in sections)
                {
                    console.WriteLine();
                    console.MarkupLine($"[bold]{Markup.Escape(s.Name)}[/]: {Markup.Escape(s.Description)}");
                    if (s.After is { } after)
                    {
                        var t = new Table().Border(TableBorder.Rounded).AddColumn("Level").AddColumn(new TableColumn("Before").RightAligned()).AddColumn(new TableColumn("After").RightAligned()).AddColumn(new TableColumn("Change").RightAligned());
                        foreach (var ch in Scenarios.Compare(s.Before, after))
                            t.AddRow(Markup.Escape(ch.Name), Fmt.Price(ch.Before), Fmt.Price(ch.After), ch.Before is { } b && ch.After is { } a2 ? Fmt.Num(a2 - b, "+#,0.00;-#,0.00;0") : "n/a");
                        t.AddRow("total GEX", Fmt.Big(s.Before.TotalGex.Value), Fmt.Big(after.TotalGex.Value), Markup.Escape(unitLabel));
                        console.Write(t);
                    }
                    else if (s.Name == "flow")
                    {
                        console.MarkupLine("after: no equilibrium within the search range (the dealers' hedging never absorbs the flow)");
                    }
                    s.Table(console);
                }
            });
        });
        return command;
    }

    private static LevelsReport Analyze(PricedChain chain, LevelsSettings settings) => LevelsCalculator.Analyze(chain, settings).Levels;
}
