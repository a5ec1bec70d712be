using DealerFlow.Core.Simulation;

namespace DealerFlow.Cli.Commands;

/// <summary><c>dealerflow simulate FILE --paths N --seed S</c>: Monte Carlo of a market moved by random flow, programs and dealer hedging.</summary>
internal static class SimulateCommand
{
    public const string Schema = "dealerflow.simulate/1";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = HedgingCli.FileArgument();
        var paths = new Option<int>("--paths") { Description = "Monte Carlo paths per run.", DefaultValueFactory = _ => 500 };
        var seed = new Option<int>("--seed") { Description = "Random seed (path p uses new Random(seed x 1000003 + p)).", DefaultValueFactory = _ => 1 };
        var steps = new Option<int>("--steps") { Description = "Time steps per path; dealers check their band once per step.", DefaultValueFactory = _ => 200 };
        var horizon = new Option<double?>("--horizon-hours") { Description = "Simulated span in hours, at most until the first expiry settles (the default)." };
        var impact = new Option<double>("--impact") { Description = "Price impact k: % move per $1bn of net signed flow (linear) or per sqrt($1bn) (sqrt).", DefaultValueFactory = _ => 0.01 };
        var impactModel = new Option<string>("--impact-model") { Description = "linear or sqrt.", DefaultValueFactory = _ => "linear" };
        var noise = new Option<double>("--noise-vol") { Description = "Annualised vol of the moves exogenous random flow causes (realized vol with no dealers), fraction.", DefaultValueFactory = _ => 0.15 };
        var band = new Option<double>("--band") { Description = "Dealers re-hedge when |net delta| exceeds this (unit: --band-unit).", DefaultValueFactory = _ => 25e6 };
        var bandUnit = new Option<string>("--band-unit") { Description = "usd ($ of delta notional), shares, or delta (per contract held).", DefaultValueFactory = _ => "usd" };
        var spread = new Option<double>("--start-spread") { Description = "Paths start uniformly within spot x (1 +/- this fraction).", DefaultValueFactory = _ => 0.02 };
        var program = new Option<double[]>("--program") { Description = "Directional program sizes in $ (+ buy toward the call wall, - sell toward the put wall), one run each (default: 0.25x..2x of the size that breaks the call wall in the deterministic model).", AllowMultipleArgumentsPerToken = true };
        var programWindow = new Option<string>("--program-window") { Description = "Start and end of the program as fractions of the horizon, e.g. 0,0.5.", DefaultValueFactory = _ => "0,0.5" };
        var pinDistance = new Option<double>("--pin-distance") { Description = "Pinned = ending within this fraction of spot of the pin strike.", DefaultValueFactory = _ => 0.001 };
        var samples = new Option<int>("--samples") { Description = "Sample paths kept for the chart and JSON.", DefaultValueFactory = _ => 20 };
        var chart = new Option<FileInfo?>("--chart") { Description = "Write a chart (sample paths with levels; wall-break probability vs program size): .png or .svg (the extension decides)." };
        var flipPositions = new Option<bool>("--flip-dealers") { Description = "Multiply every dealer position by -1 (long gamma <-> short gamma), to compare regimes on one chain." };
        var o = HedgingCli.Options();
        var command = new Command("simulate", "Monte Carlo market simulator: exogenous random flow and optional directional programs move the price through a price-impact model; dealers holding the chain's positions re-hedge when their delta leaves the band; time advances so gamma concentrates toward expiry. Reports realized vol above vs below the flip, pinning, and wall-break probability vs program size.");
        command.Arguments.Add(file);
        foreach (var opt in new Option[] { paths, seed, steps, horizon, impact, impactModel, noise, band, bandUnit, spread, program, programWindow, pinDistance, samples, chart, flipPositions }) command.Options.Add(opt);
        o.AddTo(command);
        command.SetAction(r =>
        {
            var format = HedgingCli.Format(o, r);
            if (r.GetValue(chart) is { } chartTarget) ChartFile.FormatOf(chartTarget.FullName);
            var window = r.GetValue(programWindow)!.Split(',', StringSplitOptions.TrimEntries);
            if (window.Length != 2 || !double.TryParse(window[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var wStart) || !double.TryParse(window[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var wEnd) || !(wStart >= 0 && wEnd <= 1 && wStart < wEnd))
                throw new UsageException($"--program-window '{r.GetValue(programWindow)}' must be two fractions start,end with 0 <= start < end <= 1, e.g. 0,0.5.");
            var request = new SimulationRequest
            {
                Paths = r.GetValue(paths),
                Seed = r.GetValue(seed),
                Steps = r.GetValue(steps),
                HorizonHours = r.GetValue(horizon),
                Impact = r.GetValue(impact),
                ImpactModel = r.GetValue(impactModel),
                NoiseVol = r.GetValue(noise),
                Band = r.GetValue(band),
                BandUnit = r.GetValue(bandUnit),
                StartSpread = r.GetValue(spread),
                Programs = r.GetValue(program) is { Length: > 0 } given ? given : null,
                ProgramStart = wStart,
                ProgramEnd = wEnd,
                PinDistance = r.GetValue(pinDistance),
                Samples = r.GetValue(samples),
                FlipDealers = r.GetValue(flipPositions),
            };
            var limits = SimulationLimits.CommandLine;
            if (request.Validate(limits).FirstOrDefault() is { Key: { } field } problem)
                throw new UsageException($"{OptionOf(field)} {problem.Value}");

            var h = HedgingCli.Load(r.GetValue(file)!, o, r);
            var l = h.Levels;
            var defaults = request.ToSettings(limits, []);
            // Without --program: the deterministic break size (what moves price to the wall alone plus the dealers' opposite hedging on the way), scaled.
            var settings = defaults with { ProgramSizes = request.Programs ?? ProgramSizes.Default(h.Chain, l.CallWall, defaults.ImpactPctPerBillion, defaults.Impact, defaults.PositionScale) };
            var (nPaths, sizes, horizonYears) = (settings.Paths, settings.ProgramSizes, settings.HorizonYears);
            if (horizonYears > h.Chain.Expiries[0].Years)
                throw new UsageException($"--horizon-hours {horizonYears * 365 * 24:0.##} goes past the first expiry ({h.Chain.Expiries[0].Date:yyyy-MM-dd}, {h.Chain.Expiries[0].Years * 365 * 24:0.##} h away); the simulator stops at or before it. Leave that expiry out (--ex-next-expiry) to simulate toward the next one.");
            if (horizonYears is null && h.Chain.Expiries[0].Years * 365 * 24 * 60 < 30)
                throw new InputException($"the first expiry ({h.Chain.Expiries[0].Date:yyyy-MM-dd}) settles within 30 minutes of the snapshot; give --horizon-hours or filter it out with --ex-next-expiry.");
            SimulationResult result;
            var total = nPaths * (1 + sizes.Count(s => s != 0));
            var interactive = format == "table" && ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
            try
            {
                if (interactive)
                {
                    SimulationResult? res = null;
                    AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                        .Start(ctx =>
                        {
                            var task = ctx.AddTask($"simulating {total:#,0} paths", maxValue: total);
                            res = MarketSimulator.Run(h.Chain, settings, l.ZeroGamma, l.CallWall, l.PutWall, n => task.Value = Math.Max(task.Value, n));
                        });
                    result = res!;
                }
                else
                {
                    result = MarketSimulator.Run(h.Chain, settings, l.ZeroGamma, l.CallWall, l.PutWall);
                }
            }
            catch (ArgumentOutOfRangeException e)
            {
                var message = e.Message;
                var cut = message.IndexOf(" (Parameter", StringComparison.Ordinal);
                throw new UsageException(cut > 0 ? message[..cut] : message);
            }
            if (r.GetValue(chart) is { } chartFile)
            {
                var chartTitle = $"{l.Underlying} {l.AsOf:yyyy-MM-dd HH:mm}: {nPaths} paths, seed {settings.Seed}, impact {settings.ImpactPctPerBillion}%/$bn {settings.Impact.ToString().ToLowerInvariant()}, noise vol {settings.NoiseVol:0.###}";
                ChartFile.Write(chartFile.FullName, () => SimulationSvg.Simulation(result, chartTitle), path => Png.Simulation(result, chartTitle, path));
            }
            return HedgingCli.Write(stdout, format, Schema, h, "Dealer-hedging simulation", json =>
            {
                json["model"] = Model(settings);
                json["units"] = new JsonObject { ["realizedVol"] = "annualised, fraction (calendar-time years)", ["programDollars"] = "usd (+ buy)", ["levels"] = "price units", ["dealerShares"] = "shares of the underlying", ["probabilities"] = "fraction of paths", ["intervals"] = MarketSimulator.IntervalNote };
                var node = Json.ToNode(result).AsObject();
                node.Remove("settings");
                json["result"] = node;
            }, c =>
            {
                c.MarkupLine(Markup.Escape(Model(settings)));
                c.MarkupLine($"horizon {result.HorizonYears * 365 * 24:0.##} h in {settings.Steps} steps of {result.StepYears * 365 * 24 * 60:0.##} min; gamma feedback ratio at the start {result.FeedbackRatio:+0.###;-0.###} ({(result.FeedbackRatio >= 0 ? "dampening" : "amplifying")}; |ratio| >= 1 is unstable)");
                var t = new Table().Border(TableBorder.Rounded).AddColumn("Statistic").AddColumn(new TableColumn("With dealers").RightAligned()).AddColumn(new TableColumn("No dealers (same draws)").RightAligned())
                    .AddColumn(new TableColumn("Dealer effect, pts").RightAligned()).AddColumn("Detail");
                static string Fx(Core.Statistics.Estimate? e) => Markup.Escape(Fmt.Effect(e));
                t.AddRow("Realized vol, start above flip", Fmt.Share(result.AboveFlip.WithDealers), Fmt.Share(result.AboveFlip.NoDealers), Fx(result.AboveFlip.DealerEffect), $"{result.AboveFlip.Paths} paths; flip {Fmt.Price(result.Flip)}");
                t.AddRow("Realized vol, start below flip", Fmt.Share(result.BelowFlip.WithDealers), Fmt.Share(result.BelowFlip.NoDealers), Fx(result.BelowFlip.DealerEffect), $"{result.BelowFlip.Paths} paths");
                t.AddRow("Realized vol, all paths", Fmt.Share(result.All.WithDealers), Fmt.Share(result.All.NoDealers), Fx(result.All.DealerEffect), "annualised");
                t.AddRow("Pinning frequency", Fmt.Share(result.PinFrequency), Fmt.Share(result.PinFrequencyNoDealers), Fx(result.DealerEffectOnPinning), $"end within {Fmt.Num(result.PinDistancePoints)} of {Fmt.Price(result.PinStrike)} (first expiry's largest-gamma strike)");
                t.AddRow("Re-hedges per path", Fmt.Num(result.MeanRehedges.Value, "#,0.0") + (double.IsNaN(result.MeanRehedges.Low) ? "" : " ±" + Fmt.Num((result.MeanRehedges.High - result.MeanRehedges.Low) / 2, "#,0.0")), "", "", $"dealer volume {Fmt.Big(result.MeanDealerShares.Value)} shares per path");
                if (result.PathsOffGrid > 0) t.AddRow("Paths off the delta grid", result.PathsOffGrid.ToString(CultureInfo.InvariantCulture), "", "", "their delta was clamped at the grid edge (+/-15%)");
                c.Write(t);
                c.MarkupLine(Markup.Escape($"(a-b), [a, b] and ± are 95% intervals over {result.Settings.Paths:#,0} paths (Wilson for shares, normal for means); the dealer effect (with minus without, percentage points) is paired over the same draws, with its interval; \"noise\" means the interval holds 0."));
                if (result.Programs.Count > 0)
                {
                    var p = new Table().Border(TableBorder.Simple).Title("Wall-break probability vs program size (break = ends beyond the wall)")
                        .AddColumn(new TableColumn("Program $").RightAligned()).AddColumn(new TableColumn("Wall").RightAligned()).AddColumn(new TableColumn("P(break)").RightAligned())
                        .AddColumn(new TableColumn("P(touch)").RightAligned()).AddColumn(new TableColumn("P(break) no dealers").RightAligned()).AddColumn(new TableColumn("Dealer effect, pts").RightAligned())
                        .AddColumn(new TableColumn("Mean end").RightAligned()).AddColumn(new TableColumn("Mean end no dealers").RightAligned());
                    foreach (var x in result.Programs)
                        p.AddRow(Fmt.Big(x.ProgramDollars), Fmt.Price(x.Wall), Fmt.Share(x.BreakProbability), Fmt.Share(x.TouchProbability), Fmt.Share(x.BreakProbabilityNoDealers), Fx(x.DealerEffectOnBreak), Fmt.Price(x.MeanEndSpot), Fmt.Price(x.MeanEndSpotNoDealers));
                    c.Write(p);
                }
                if (r.GetValue(chart) is { } cf) c.MarkupLine($"chart written to {Markup.Escape(cf.FullName)}");
            });
        });
        return command;
    }

    private static string Model(SimulationSettings s) => "model: " + SimulationRequest.Describe(s);

    /// <summary>The option of a <see cref="SimulationRequest.Validate"/> field: --paths, --horizon-hours, --program, --program-window, ...</summary>
    private static string OptionOf(string field) => field switch
    {
        "programs" => "--program",
        "programStart" => "--program-window",
        _ => "--" + string.Concat(field.Select(ch => char.IsUpper(ch) ? "-" + char.ToLowerInvariant(ch) : ch.ToString())),
    };
}
