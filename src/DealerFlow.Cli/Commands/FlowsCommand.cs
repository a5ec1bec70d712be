namespace DealerFlow.Cli.Commands;

/// <summary><c>dealerflow flows FILE [--to LEVEL...]</c>: shares and $ dealers must trade for moves to key levels.</summary>
internal static class FlowsCommand
{
    public const string Schema = "dealerflow.flows/1";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = HedgingCli.FileArgument();
        var to = new Option<string[]>("--to") { Description = "Target levels: a price, a move (+1%, -2%) or zero-gamma, call-wall, put-wall, abs-gamma (repeatable; default: zero gamma, both walls, +/-1%, +/-2%).", AllowMultipleArgumentsPerToken = true };
        var profilePoints = new Option<int>("--delta-points") { Description = "Points of the dealer delta profile D(S) in JSON (over the --range around spot).", DefaultValueFactory = _ => 41 };
        var o = HedgingCli.Options();
        var command = new Command("flows", "Dealer hedge flows: the shares and $ dealers must trade (buy into / sell into the move) when spot moves to each level, by expiry and in total, from the delta profile D(S) = sum s x Delta(S) x OI x multiplier.");
        command.Arguments.Add(file);
        command.Options.Add(to);
        command.Options.Add(profilePoints);
        o.AddTo(command);
        command.SetAction(r =>
        {
            var format = HedgingCli.Format(o, r);
            var points = r.GetValue(profilePoints);
            if (points is < 3 or > 10_000) throw new UsageException($"--delta-points {points} must be between 3 and 10000.");
            var h = HedgingCli.Load(r.GetValue(file)!, o, r);
            var l = h.Levels;
            var targets = r.GetValue(to) is { Length: > 0 } given ? given : [.. HedgeTargets.Default];
            var parsed = targets.Select(t => HedgingCli.ParseLevel(t, l)).ToList();
            var flows = parsed.Select(p => p.Level is { } level ? HedgeFlows.Compute(h.Chain, level, p.Label) : null).ToList();
            var d0 = DeltaProfile.Net(h.Chain, l.Spot);
            return HedgingCli.Write(stdout, format, Schema, h, "Dealer hedge flows", json =>
            {
                json["units"] = new JsonObject { ["shares"] = "shares of the underlying (+ dealers buy, - dealers sell)", ["dollars"] = "usd, each slice of the hedge at its own price along the move", ["level"] = "price units of the underlying" };
                json["dealerDeltaAtSpot"] = Json.ToNode(new Core.Levels.Amount(d0, Core.Levels.AmountUnit.Shares));
                json["flows"] = new JsonArray(parsed.Zip(flows).Select(pf => pf.Second is { } f ? Json.ToNode(f) : new JsonObject { ["label"] = pf.First.Label, ["to"] = null, ["note"] = "level does not exist for this chain" }).ToArray());
                json["deltaProfile"] = new JsonArray(HedgeTargets.ProfileSpots(l.Spot, h.LevelsSettings.SearchRange, points)
                    .Select(s => (JsonNode)new JsonObject { ["spot"] = s, ["dealerDeltaShares"] = DeltaProfile.Net(h.Chain, s) }).ToArray());
            }, c =>
            {
                c.MarkupLine($"dealer option delta at spot D(S0) = {Fmt.Big(d0)} shares ({Fmt.Big(d0 * l.Spot)} $); for a move S0 -> S1 dealers trade -(D(S1) - D(S0))");
                var t = new Table().Border(TableBorder.Rounded).Title("Hedge trade per target (+ buy, - sell)")
                    .AddColumn("Target").AddColumn(new TableColumn("Level").RightAligned()).AddColumn(new TableColumn("Move").RightAligned())
                    .AddColumn(new TableColumn("Shares").RightAligned()).AddColumn(new TableColumn("$ notional").RightAligned()).AddColumn("Dealers").AddColumn("Largest expiry contributions (shares)");
                foreach (var (p, f) in parsed.Zip(flows))
                {
                    if (f is null) { t.AddRow(Markup.Escape(p.Label), "none", "", "n/a", "n/a", "level does not exist", ""); continue; }
                    var top = f.ByExpiry.OrderByDescending(e => Math.Abs(e.Shares)).Take(3).Select(e => $"{e.Expiry:MM-dd}{(e.Settlement == "AM" ? " AM" : "")} {Fmt.Big(e.Shares)}");
                    t.AddRow(Markup.Escape(p.Label), Fmt.Price(f.To), Fmt.Pct(f.MovePct), Fmt.Big(f.Shares), Fmt.Big(f.Dollars),
                        f.Dampening ? $"[green]{f.Direction}[/]" : f.Direction == "none" ? "none" : $"[red]{f.Direction}[/]", Markup.Escape(string.Join(", ", top)));
                }
                c.Write(t);
                c.MarkupLine("[grey]shares: shares of the underlying; $: each slice of the hedge valued at its own price along the move; green = dampening (dealers long gamma over the move), red = amplifying.[/]");
            });
        });
        return command;
    }
}
