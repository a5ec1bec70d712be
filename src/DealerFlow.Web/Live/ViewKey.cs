namespace DealerFlow.Web.Live;

/// <summary>
/// What a client asks to see: GEX unit, positioning model and expiry filter. Expiry codes: <c>all</c>, <c>0dte</c>,
/// <c>ex-next</c> (without the next expiry) or a number N (expiries at most N calendar days away).
/// </summary>
internal sealed record ViewKey(GexUnit Unit, PositioningModel Model, string Expiry)
{
    public static readonly ViewKey Default = new(GexUnit.DollarsPerPercent, PositioningModel.Classic, "all");

    public ViewKey WithUnit(GexUnit unit) => this with { Unit = unit };

    public ExpiryFilter Filter => Expiry switch
    {
        "all" => ExpiryFilter.All,
        "0dte" => new ExpiryFilter { ZeroDteOnly = true },
        "ex-next" => new ExpiryFilter { ExNextExpiry = true },
        _ => new ExpiryFilter { MaxDte = int.Parse(Expiry, CultureInfo.InvariantCulture) },
    };

    public EngineSettings Engine => new() { Positioning = new Positioning(Model), Filter = Filter };

    /// <summary>Parses the query parameters; null values take the defaults. Returns the problems keyed by parameter.</summary>
    public static bool TryParse(string? unit, string? model, string? expiry, out ViewKey key, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var u = GexUnit.DollarsPerPercent;
        if (unit is not null && !GexUnits.TryParse(unit, out u))
            errors["unit"] = [$"'{unit}' is not one of 1pct, point, shares."];
        var m = PositioningModel.Classic;
        if (model is not null && (!Positioning.TryParseModel(model, out m) || m == PositioningModel.OverlayOnly))
            errors["model"] = [$"'{model}' is not one of classic, short-all (overlay-only needs a positions file, which the dashboard does not take)."];
        var e = (expiry ?? "all").Trim().ToLowerInvariant();
        if (e is not ("all" or "0dte" or "ex-next") && !(int.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 3650))
            errors["expiry"] = [$"'{expiry}' is not one of all, 0dte, ex-next or a number of days (e.g. 7)."];
        else if (int.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture, out var days))
            e = days.ToString(CultureInfo.InvariantCulture);
        key = new ViewKey(u, m, e);
        return errors.Count == 0;
    }
}
