namespace DealerFlow.Cli.Commands;

/// <summary><c>dealerflow profile FILE</c>: the gamma profile and the exposure by strike and by expiry.</summary>
internal static class ProfileCommand
{
    public const string Schema = "dealerflow.profile/1";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        return AnalysisOptions.OneFileCommand("profile", "Dealer GEX versus hypothetical spot (all expiries and ex-next-expiry), and the exposure by strike and by expiry.", stderr, (o, path, format, r) =>
        {
            var result = Analysis.Run(path, o, r);
            switch (format)
            {
                case "json":
                    stdout.WriteLine(Json.Write(ToJson(result)));
                    break;
                case "csv":
                    stdout.Write(Csv(result));
                    break;
                default:
                    Tables.Profile(Tables.Console(stdout), result);
                    break;
            }
            return Cli.Ok;
        });
    }

    public static JsonObject ToJson(AnalysedFile f)
    {
        var l = f.Analysis.Levels;
        var x = f.Analysis.Exposure;
        return new JsonObject
        {
            ["schema"] = Schema,
            ["underlying"] = l.Underlying,
            ["spot"] = l.Spot,
            ["asOf"] = Json.Instant(l.AsOf),
            ["method"] = l.Method,
            ["positioning"] = l.Positioning,
            ["positioningDescription"] = l.PositioningDescription,
            ["filter"] = l.Filter,
            ["unit"] = Core.Exposure.GexUnits.Code(x.Unit),
            ["unitLabel"] = x.UnitLabel,
            ["zeroGamma"] = l.ZeroGamma,
            ["profile"] = Json.ToNode(x.Profile),
            ["byStrike"] = Json.ToNode(x.ByStrike),
            ["byExpiry"] = Json.ToNode(x.ByExpiry),
            ["input"] = Json.Input(f),
        };
    }

    /// <summary>Three CSV sections separated by a blank line: profile, by strike, by expiry; every value in the stated unit.</summary>
    public static string Csv(AnalysedFile f)
    {
        var inv = CultureInfo.InvariantCulture;
        var x = f.Analysis.Exposure;
        var unit = Core.Exposure.GexUnits.Code(x.Unit);
        var model = f.Analysis.Levels.Positioning;
        var sb = new StringBuilder();
        sb.AppendLine(inv, $"# profile: GEX in {unit} under positioning {model}");
        sb.AppendLine("spot,gex,gexExNextExpiry");
        foreach (var p in x.Profile) sb.AppendLine(inv, $"{p.Spot:R},{p.Gex:R},{p.GexExNextExpiry:R}");
        sb.AppendLine();
        sb.AppendLine(inv, $"# byStrike: GEX in {unit} under positioning {model}");
        sb.AppendLine("strike,calls,puts,net,absolute");
        foreach (var s in x.ByStrike) sb.AppendLine(inv, $"{s.Strike:R},{s.Calls:R},{s.Puts:R},{s.Net:R},{s.Absolute:R}");
        sb.AppendLine();
        sb.AppendLine(inv, $"# byExpiry: GEX in {unit} under positioning {model}");
        sb.AppendLine("expiry,settlement,daysToExpiry,years,forward,forwardFromParity,contracts,calls,puts,net");
        foreach (var e in x.ByExpiry)
            sb.AppendLine(inv, $"{e.Expiry:yyyy-MM-dd},{e.Settlement},{e.DaysToExpiry},{e.Years:R},{e.Forward:R},{e.ForwardFromParity.ToString().ToLowerInvariant()},{e.Contracts},{e.Calls:R},{e.Puts:R},{e.Net:R}");
        return sb.ToString();
    }
}
