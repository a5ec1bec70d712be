namespace DealerFlow.Cli.Commands;

/// <summary><c>dealerflow inputs FILE</c>: everything the levels were computed from (docs/json.md).</summary>
internal static class InputsCommand
{
    public const string Schema = "dealerflow.inputs/1";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        return AnalysisOptions.OneFileCommand("inputs", "Everything the levels are computed from: per expiry settlement, years, forward and its source, carry, ATM IV; the quote-sync verdict; per contract IV and its source, delta, gamma, open interest and dealer position.", stderr, (o, path, format, r) =>
        {
            if (o.IsPerfiliev(r)) throw new UsageException("inputs shows the default method's inputs; drop --method perfiliev.");
            var engine = o.EngineSettings(r);
            ChainReadResult input;
            try { input = ChainReader.Read(path, o.ReadOptions(r)); }
            catch (ChainReadException e) { throw new InputException(e.Message); }
            var priced = ChainPricer.Price(input.Snapshot, engine);
            var report = ChainInputs.Describe(priced);
            switch (format)
            {
                case "json":
                    var node = Json.ToNode(report).AsObject();
                    node.Insert(0, "schema", Schema);
                    node.Add("file", Path.GetFileName(path));
                    stdout.WriteLine(Json.Write(node));
                    break;
                case "csv":
                    stdout.Write(Csv(report));
                    break;
                default:
                    Table(Tables.Console(stdout), report, Path.GetFileName(path));
                    break;
            }
            return Cli.Ok;
        }, withLevels: false); // the inputs are priced contracts and expiries: no levels, so no --unit, --walls, --range, --profile-grid or --top
    }

    private static void Table(IAnsiConsole c, ChainInputsReport x, string file)
    {
        var inv = CultureInfo.InvariantCulture;
        c.MarkupLine($"[bold]{Markup.Escape(x.Underlying)}[/]  spot [bold]{Fmt.Price(x.Spot)}[/]  as of {x.AsOf.ToString("yyyy-MM-dd HH:mm zzz", inv)}  ({Markup.Escape(file)})");
        if (x.QuoteSync is { } q)
            c.MarkupLine(Markup.Escape($"quote sync: basis {q.BasisBp.ToString("+0.0;-0.0", inv)} bp, explained by {q.ExplainedBy.ToString().ToLowerInvariant()}, {(q.Action == Core.Pricing.QuoteSyncAction.Reanchored ? "re-anchored" : "as quoted")}. {q.Evidence}"));
        c.MarkupLine(Markup.Escape("IV sources: " + string.Join(", ", x.IvSources.Select(kv => $"{kv.Key} {kv.Value}"))));
        var t = new Table().Border(TableBorder.Simple).AddColumn("Expiry").AddColumn("Settles").AddColumn(new TableColumn("Years").RightAligned())
            .AddColumn(new TableColumn("Forward").RightAligned()).AddColumn("Source").AddColumn(new TableColumn("Carry").RightAligned())
            .AddColumn(new TableColumn("ATM IV").RightAligned()).AddColumn(new TableColumn("Contracts").RightAligned());
        foreach (var e in x.Expiries)
        {
            t.AddRow($"{e.Expiry:yyyy-MM-dd} {e.SettlementStyle}", e.Settlement.ToString("yyyy-MM-dd HH:mm zzz", inv), e.Years.ToString("0.000000", inv), Fmt.Price(e.Forward), e.ForwardSource,
                (e.Carry * 100).ToString("0.00", inv) + "%", e.AtmIv is { } a ? (a * 100).ToString("0.00", inv) + "%" : "n/a", e.Contracts.ToString(inv));
        }

        c.Write(t);
        c.MarkupLine($"{x.Contracts.Count} contracts: --format json or csv lists each (symbol, IV and source, delta, gamma, open interest, position).");
    }

    public static string Csv(ChainInputsReport x)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("# expiries");
        sb.AppendLine("expiry,settlementStyle,settlement,years,forward,forwardSource,quotedForward,carry,atmIv,contracts");
        foreach (var e in x.Expiries)
            sb.AppendLine(inv, $"{e.Expiry:yyyy-MM-dd},{e.SettlementStyle},{e.Settlement:yyyy-MM-ddTHH:mm:sszzz},{e.Years:R},{e.Forward:R},{e.ForwardSource},{e.QuotedForward:R},{e.Carry:R},{(e.AtmIv is { } a ? a.ToString("R", inv) : "")},{e.Contracts}");
        sb.AppendLine();
        sb.AppendLine("# contracts");
        sb.AppendLine("symbol,type,strike,expiry,settlementStyle,iv,ivSource,delta,gamma,openInterest,position");
        foreach (var k in x.Contracts)
            sb.AppendLine(inv, $"{k.Symbol},{k.Type.ToString().ToLowerInvariant()},{k.Strike:R},{k.Expiry:yyyy-MM-dd},{k.SettlementStyle},{k.Iv:R},{k.IvSource},{k.Delta:R},{k.Gamma:R},{k.OpenInterest:R},{k.Position:R}");
        return sb.ToString();
    }
}
