using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DealerFlow.Core.Levels;

namespace DealerFlow.Data.Store;

/// <summary>The snapshot row's columns, shared by both stores (instants are written by each store in its own type).</summary>
internal static class SnapshotRows
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The snapshot columns besides id, instant, session date and ingestion time, in insert order.</summary>
    public static IReadOnlyList<(string Name, object? Value)> Values(SnapshotToStore s)
    {
        var l = s.Levels;
        var x = s.Exposure;
        return
        [
            ("underlying", l.Underlying),
            ("offset_minutes", (int)l.AsOf.Offset.TotalMinutes),
            ("source_file", s.Source.FileName),
            ("source_format", s.Source.Format),
            ("content_hash", s.Source.ContentHash),
            ("method", l.Method),
            ("positioning", l.Positioning),
            ("positioning_description", l.PositioningDescription),
            ("unit", s.UnitCode),
            ("filter", l.Filter),
            ("settings_key", s.SettingsKey),
            ("spot", l.Spot),
            ("total_gex", l.TotalGex.Value),
            ("regime", l.Regime.Label()),
            ("zero_gamma", l.ZeroGamma),
            ("zero_gamma_crossings", JsonSerializer.Serialize(l.ZeroGammaCrossings, Json)),
            ("distance_to_flip", l.DistanceToFlip),
            ("call_wall", l.CallWall),
            ("call_wall_gex", l.CallWallGex?.Value),
            ("put_wall", l.PutWall),
            ("put_wall_gex", l.PutWallGex?.Value),
            ("abs_gamma_strike", l.AbsoluteGammaStrike),
            ("abs_gamma_gex", l.AbsoluteGammaStrikeGex?.Value),
            ("gamma_tilt", l.GammaTilt),
            ("dex_shares", l.DeltaExposure?.Value),
            ("dex_usd", l.DeltaExposureDollars?.Value),
            ("vanna_shares", l.VannaExposure?.Value),
            ("vanna_usd", l.VannaExposureDollars?.Value),
            ("charm_shares", l.CharmExposure?.Value),
            ("charm_usd", l.CharmExposureDollars?.Value),
            ("implied_move", l.ImpliedMove),
            ("implied_move_pct", l.ImpliedMovePct),
            ("atm_iv", l.AtmIv),
            ("contracts_used", l.Data.ContractsUsed),
            ("strike_rows", x.ByStrike.Count),
            ("expiry_rows", x.ByExpiry.Count),
            ("profile_rows", x.Profile.Count),
            ("has_raw", s.Source.RawBytes is not null),
            ("levels_json", JsonSerializer.Serialize(l, Json)),
        ];
    }

    /// <summary>The columns <see cref="Read"/> expects, after <c>id, instant</c> (each store selects its instant as it stores it).</summary>
    public const string SelectColumns =
        "underlying, offset_minutes, source_file, source_format, content_hash, method, positioning, positioning_description, unit, filter, settings_key, " +
        "spot, total_gex, regime, zero_gamma, zero_gamma_crossings, distance_to_flip, call_wall, call_wall_gex, put_wall, put_wall_gex, " +
        "abs_gamma_strike, abs_gamma_gex, gamma_tilt, dex_shares, dex_usd, vanna_shares, vanna_usd, charm_shares, charm_usd, " +
        "implied_move, implied_move_pct, atm_iv, contracts_used, strike_rows, expiry_rows, profile_rows, has_raw, ingested_at";

    /// <summary>Reads a row selected as <c>id, instant, </c> + <see cref="SelectColumns"/>; instants come through the store's converter.</summary>
    public static StoredSnapshot Read(DbDataReader r, Func<DbDataReader, int, DateTimeOffset> instant)
    {
        double? D(string name) { var i = r.GetOrdinal(name); return r.IsDBNull(i) ? null : r.GetDouble(i); }
        string S(string name) => r.GetString(r.GetOrdinal(name));
        int I(string name) => Convert.ToInt32(r.GetValue(r.GetOrdinal(name)), CultureInfo.InvariantCulture);
        var offset = TimeSpan.FromMinutes(I("offset_minutes"));
        return new StoredSnapshot
        {
            Id = r.GetInt64(0),
            Instant = instant(r, 1).ToOffset(offset),
            Underlying = S("underlying"),
            SourceFile = S("source_file"),
            SourceFormat = S("source_format"),
            ContentHash = S("content_hash"),
            Method = S("method"),
            Positioning = S("positioning"),
            PositioningDescription = S("positioning_description"),
            Unit = S("unit"),
            Filter = S("filter"),
            SettingsKey = S("settings_key"),
            Spot = D("spot")!.Value,
            TotalGex = D("total_gex")!.Value,
            Regime = S("regime"),
            ZeroGamma = D("zero_gamma"),
            ZeroGammaCrossings = JsonSerializer.Deserialize<double[]>(S("zero_gamma_crossings"), Json) ?? [],
            DistanceToFlip = D("distance_to_flip"),
            CallWall = D("call_wall"),
            CallWallGex = D("call_wall_gex"),
            PutWall = D("put_wall"),
            PutWallGex = D("put_wall_gex"),
            AbsoluteGammaStrike = D("abs_gamma_strike"),
            AbsoluteGammaStrikeGex = D("abs_gamma_gex"),
            GammaTilt = D("gamma_tilt"),
            DeltaExposureShares = D("dex_shares"),
            DeltaExposureDollars = D("dex_usd"),
            VannaExposureShares = D("vanna_shares"),
            VannaExposureDollars = D("vanna_usd"),
            CharmExposureShares = D("charm_shares"),
            CharmExposureDollars = D("charm_usd"),
            ImpliedMove = D("implied_move"),
            ImpliedMovePct = D("implied_move_pct"),
            AtmIv = D("atm_iv"),
            ContractsUsed = I("contracts_used"),
            StrikeRows = I("strike_rows"),
            ExpiryRows = I("expiry_rows"),
            ProfileRows = I("profile_rows"),
            HasRaw = I("has_raw") != 0,
            IngestedAt = instant(r, r.GetOrdinal("ingested_at")),
        };
    }

    public static LevelsReport? ReadLevels(string json) => JsonSerializer.Deserialize<LevelsReport>(json, Json);

    /// <summary>Adds the parameters @u, @i, @m, @p, @k and @h of a <see cref="SnapshotKey"/> lookup; <paramref name="instant"/> is the key's instant as the store keeps it.</summary>
    public static void AddKey(DbCommand cmd, SnapshotKey key, object instant)
    {
        foreach (var (name, value) in new (string, object)[] { ("u", key.Underlying), ("i", instant), ("m", key.Method), ("p", key.Positioning), ("k", key.SettingsKey), ("h", key.ContentHash) })
            Add(cmd, name, value);
    }

    /// <summary>
    /// The " AND ..." conditions for the query's filters besides the underlying (the caller binds @u), with their parameters
    /// added to <paramref name="cmd"/>: the instant bounds on <paramref name="instantColumn"/> with the store's
    /// <paramref name="instant"/> value, the other filters matched exactly.
    /// </summary>
    public static string AddFilters(DbCommand cmd, SnapshotQuery query, string instantColumn, Func<DateTimeOffset, object> instant)
    {
        var sql = new StringBuilder();
        foreach (var (condition, name, value) in new (string, string, object?)[]
        {
            ($"{instantColumn} >=", "from", query.From is { } f ? instant(f) : null),
            ($"{instantColumn} <=", "to", query.To is { } t ? instant(t) : null),
            ("method =", "m", query.Method),
            ("positioning =", "p", query.Positioning),
            ("unit =", "unit", query.Unit),
            ("filter =", "filter", query.Filter),
        })
        {
            if (value is null) continue;
            sql.Append(CultureInfo.InvariantCulture, $" AND {condition} @{name}");
            Add(cmd, name, value);
        }
        return sql.ToString();
    }

    /// <summary>The first column of every row <paramref name="cmd"/> returns, as strings in ordinal order.</summary>
    public static IReadOnlyList<string> SortedStrings(DbCommand cmd)
    {
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read()) list.Add(r.GetString(0));
        list.Sort(StringComparer.Ordinal);
        return list;
    }

    private static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = "@" + name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
