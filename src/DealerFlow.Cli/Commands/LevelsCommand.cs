namespace DealerFlow.Cli.Commands;

/// <summary><c>dealerflow levels FILE...</c>: the key levels of each chain.</summary>
internal static class LevelsCommand
{
    public const string Schema = "dealerflow.levels/1";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<string[]>("FILE") { Description = $"Option chain files or folders (a folder: every chain file under it, in name order) (CBOE CSV/JSON, Schwab JSON, yfinance CSV, normalized CSV/JSON; .gz accepted). Default: the bundled sample {Samples.DefaultName}.", Arity = ArgumentArity.ZeroOrMore };
        var o = new AnalysisOptions();
        var command = new Command("levels", "Zero gamma (every crossing), call and put walls, absolute gamma strike, top strikes, DEX, vanna, charm, implied move and regime, with units and the positioning model.");
        command.Arguments.Add(files);
        o.AddTo(command);
        var allowPartial = new Option<bool>("--allow-partial") { Description = "Analyse a file that looks cut short (its final row ends without a line break) instead of exiting 3." };
        command.Options.Add(allowPartial);
        command.SetAction(r =>
        {
            o.WarnDeprecated(r, stderr);
            var format = o.OutputFormat(r);
            var paths = r.GetValue(files) is { Length: > 0 } given ? Chains(given) : [Samples.Default()];
            var results = paths.Select(f => Analysis.Run(f, o, r)).ToList();
            if (!r.GetValue(allowPartial) && results.FirstOrDefault(x => x.Input.Truncated is not null) is { } cut)
                throw new InputException($"{cut.Input.Truncated}. Its levels would be wrong; write the file whole (write then rename), or pass --allow-partial to analyse what is there.");
            switch (format)
            {
                case "json":
                    var reports = new JsonArray(results.Select(ToJson).ToArray<JsonNode?>());
                    stdout.WriteLine(Json.Write(new JsonObject { ["schema"] = Schema, ["reports"] = reports }));
                    break;
                case "csv":
                    stdout.Write(Csv(results));
                    break;
                default:
                    var console = Tables.Console(stdout);
                    foreach (var result in results) Tables.Levels(console, result);
                    break;
            }
            return Cli.Ok;
        });
        return command;
    }

    /// <summary>
    /// The files to analyse: a file as given, a folder as every chain file under it (recursive, ordinal order, the same
    /// rule as <c>ingest</c>); a folder with no chain file is an error naming it. A missing path is left for the reader
    /// to report.
    /// </summary>
    internal static string[] Chains(IEnumerable<string> given) => given.SelectMany(p =>
    {
        if (!Directory.Exists(p)) return [p];
        var (found, _) = IngestCommand.Expand([p]);
        return found.Count > 0 ? found : throw new InputException($"'{p}' is a folder with no chain file in it ({string.Join(", ", IngestCommand.ChainExtensions)}).");
    }).ToArray();

    public static JsonObject ToJson(AnalysedFile f)
    {
        var node = Json.ToNode(f.Analysis.Levels).AsObject();
        node.Add("input", Json.Input(f));
        return node;
    }

    public static string Csv(IEnumerable<AnalysedFile> results)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("file,underlying,asOf,spot,method,positioning,unit,totalGex,regime,zeroGamma,zeroGammaCrossings,distanceToFlip,callWall,putWall,absoluteGammaStrike,gammaTilt,deltaExposureShares,impliedMove,contractsUsed,contractsSkipped");
        foreach (var f in results)
        {
            var l = f.Analysis.Levels;
            string N(double? v) => v is { } x ? x.ToString("R", inv) : "";
            sb.AppendJoin(',',
                Quote(Path.GetFileName(f.File)), l.Underlying, l.AsOf.ToString("yyyy-MM-ddTHH:mm:sszzz", inv), N(l.Spot), l.Method, Quote(l.Positioning),
                l.TotalGex.Unit.Code(), N(l.TotalGex.Value), Quote(l.Regime.Label()), N(l.ZeroGamma),
                Quote(string.Join(' ', l.ZeroGammaCrossings.Select(c => c.ToString("0.00", inv)))), N(l.DistanceToFlip),
                N(l.CallWall), N(l.PutWall), N(l.AbsoluteGammaStrike), N(l.GammaTilt), N(l.DeltaExposure?.Value), N(l.ImpliedMove),
                l.Data.ContractsUsed.ToString(inv), f.Input.ContractsSkipped.ToString(inv));
            sb.AppendLine();
        }
        return sb.ToString();
    }

    public static string Quote(string s) => s.Contains(',') || s.Contains('"') || s.Contains(' ') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
