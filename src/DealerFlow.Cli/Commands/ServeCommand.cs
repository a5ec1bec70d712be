using DealerFlow.Web;
using Microsoft.AspNetCore.Builder;
using DealerFlow.Web.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DealerFlow.Cli.Commands;

/// <summary><c>dealerflow serve</c>: the live dashboard. With no source option it serves the bundled demo (with <c>--cluster</c>: no source, the front end only shows the grains).</summary>
internal static class ServeCommand
{
    public const string DefaultUrls = "http://127.0.0.1:5000";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen (semicolon-separated); loopback only unless --public.", DefaultValueFactory = _ => DefaultUrls };
        var demo = new Option<bool>("--demo") { Description = "Bundled data: the SPX sample chain and a replay of the SPY series, with a simulated spot walk (the default; with --cluster the default is no source, a view-only front end)." };
        var watch = new Option<DirectoryInfo?>("--watch") { Description = "Watch a folder: every chain file dropped in is read and pushed." };
        var replay = new Option<DirectoryInfo?>("--replay") { Description = "Replay a folder of recorded snapshots in the order of their instants." };
        var speed = new Option<double>("--speed") { Description = "Replay speed (60 = one recorded hour per minute).", DefaultValueFactory = _ => 60 };
        var loop = new Option<bool>("--loop") { Description = "Replay: start again after the last snapshot." };
        var cboe = new Option<string?>("--cboe") { Description = "Poll the CBOE delayed-quotes endpoint for these symbols, comma-separated (e.g. _SPX,SPY)." };
        var cboeUrl = new Option<string?>("--cboe-url") { Description = "Base URL of the CBOE delayed-quotes endpoint (default https://cdn.cboe.com/api/global/delayed_quotes/options/)." };
        var poll = new Option<string>("--poll") { Description = "Time between two polls of one symbol (CBOE, Schwab, Massive): 15s, 2m, 500ms.", DefaultValueFactory = _ => "15s" };
        var schwab = new Option<string?>("--schwab") { Description = "Poll Schwab's Trader API chains for these symbols, comma-separated (SPY,QQQ,$SPX); log in first with 'dealerflow auth schwab'." };
        var schwabUrl = FeedFetch.SchwabUrlOption();
        var schwabTokens = FeedFetch.SchwabTokensOption();
        var massive = new Option<string?>("--massive") { Description = "Poll Massive's (Polygon's) option chain snapshots for these underlyings, comma-separated (SPY,QQQ)." };
        var massiveUrl = FeedFetch.MassiveUrlOption();
        var massiveKey = FeedFetch.MassiveKeyOption();
        var walk = new Option<bool?>("--walk") { Description = "Simulate spot ticks between chain updates (default: on for the demo, off otherwise)." };
        var webhook = new Option<string?>("--webhook") { Description = "POST every alert (spot crossing the flip or a wall) as JSON to this URL." };
        var zone = new Option<string>("--cboe-json-zone") { Description = "UTC offset of the zone-less CBOE timestamp.", DefaultValueFactory = _ => "+00:00" };
        var db = IngestCommand.DbOption();
        db.Description = $"The store every new chain is written to and the history is read from: a SQLite file (default {Data.Store.SnapshotStore.DefaultPath}, the same as ingest) or PostgreSQL (postgres://user:pass@host:port/db or Host=...).";
        var isPublic = new Option<bool>("--public") { Description = "Allow --urls beyond this machine (0.0.0.0, a LAN address, a host name); every request then needs the access token." };
        var token = new Option<string?>("--token") { Description = "The access token of a public server (at least 16 characters); without it one is generated and printed once." };
        var allowedHosts = new Option<string?>("--allowed-hosts") { Description = "Host names the server answers, comma-separated (default: localhost, 127.0.0.1, [::1]; any name with --public)." };
        var noStore = new Option<bool>("--no-store") { Description = "Do not write chains to a store or read history from one: the history is the session's, in memory." };
        var prices = new Option<string?>("--prices") { Description = "Daily OHLC CSV of the underlying (the formats of 'dealerflow scorecard --prices'): serves GET /api/{symbol}/scorecard and the Scorecard page from the stored sessions." };
        var vix = new Option<string?>("--vix") { Description = "Daily VIX CSV (the same formats): the scorecard adds the partial correlation given the VIX close." };
        var cluster = new Option<string?>("--cluster") { Description = "Scale-out mode: a front end of the cluster on this PostgreSQL database (the silos' --cluster); sources feed the grains, the page shows their updates. The grains write the store." };
        var clusterId = new Option<string>("--cluster-id") { Description = "With --cluster: the silos' cluster id.", DefaultValueFactory = _ => DealerFlow.Cluster.Hosting.ClusterSettings.DefaultClusterId };
        var serviceId = new Option<string>("--service-id") { Description = "With --cluster: the silos' service id.", DefaultValueFactory = _ => DealerFlow.Cluster.Hosting.ClusterSettings.DefaultServiceId };
        var command = new Command("serve", "Live dashboard: key levels and exposure charts in the browser, updated as chains and spot ticks arrive.");
        foreach (var o in new Option[] { urls, demo, watch, replay, speed, loop, cboe, cboeUrl, schwab, schwabUrl, schwabTokens, massive, massiveUrl, massiveKey, poll, walk, webhook, zone, db, noStore, isPublic, token, allowedHosts, prices, vix, cluster, clusterId, serviceId }) command.Options.Add(o);
        command.SetAction(r =>
        {
            var chosen = new[] { r.GetValue(demo), r.GetValue(watch) is not null, r.GetValue(replay) is not null, r.GetValue(cboe) is not null, r.GetValue(schwab) is not null, r.GetValue(massive) is not null }.Count(x => x);
            if (chosen > 1) throw new UsageException("Choose one source: --demo, --watch DIR, --replay DIR, --cboe SYMBOLS, --schwab SYMBOLS or --massive SYMBOLS.");
            const string p = "DealerFlow:Live:";
            var settings = new Dictionary<string, string?>
            {
                ["urls"] = r.GetValue(urls),
                // A failed start (busy port) is reported by the catch below in one line; the host's own error log would add a stack trace.
                ["Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host"] = "Critical",
            };
            if (r.GetValue(watch) is { } w)
            {
                settings[p + "Source"] = "Watch";
                settings[p + "WatchDirectory"] = w.FullName;
            }
            else if (r.GetValue(replay) is { } d)
            {
                settings[p + "Source"] = "Replay";
                settings[p + "ReplayDirectory"] = d.FullName;
                settings[p + "ReplaySpeed"] = r.GetValue(speed).ToString(CultureInfo.InvariantCulture);
                settings[p + "ReplayLoop"] = r.GetValue(loop) ? "true" : "false";
            }
            else if (r.GetValue(cboe) is { } symbols)
            {
                settings[p + "Source"] = "Cboe";
                var list = symbols.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                for (var i = 0; i < list.Length; i++) settings[$"{p}CboeSymbols:{i}"] = list[i];
                if (r.GetValue(cboeUrl) is { } u) settings[p + "CboeUrl"] = u;
                settings[p + "PollInterval"] = ParseDuration(r.GetValue(poll)!, "--poll").ToString("c", CultureInfo.InvariantCulture);
            }
            else if (r.GetValue(schwab) is { } schwabSymbols)
            {
                settings[p + "Source"] = "Schwab";
                Feed(settings, "Schwab", schwabSymbols, r.GetValue(schwabUrl));
                if (r.GetValue(schwabTokens) is { } file) settings[p + "Feeds:SchwabTokens"] = file;
                settings[p + "PollInterval"] = ParseDuration(r.GetValue(poll)!, "--poll").ToString("c", CultureInfo.InvariantCulture);
            }
            else if (r.GetValue(massive) is { } massiveSymbols)
            {
                settings[p + "Source"] = "Massive";
                Feed(settings, "Massive", massiveSymbols, r.GetValue(massiveUrl));
                if (r.GetValue(massiveKey) is { } k) settings[p + "Feeds:MassiveKey"] = k;
                settings[p + "PollInterval"] = ParseDuration(r.GetValue(poll)!, "--poll").ToString("c", CultureInfo.InvariantCulture);
            }
            else
            {
                // A cluster front end without a source option only shows the grains: the demo's 2024 sample chains would
                // otherwise go into the cluster's store beside the real ones. --demo feeds them on purpose.
                settings[p + "Source"] = r.GetValue(cluster) is not null && !r.GetValue(demo) ? "None" : "Demo";
            }
            // The zone applies to CBOE JSON from any source: polled, watched or replayed.
            settings[p + "CboeJsonOffset"] = CliParse.Offset(r.GetValue(zone)!, "--cboe-json-zone").ToString("c", CultureInfo.InvariantCulture);
            if (r.GetValue(walk) is { } wk) settings[p + "SpotWalk"] = wk ? "true" : "false";
            if (r.GetValue(webhook) is { } hook) settings[p + "AlertWebhook"] = hook;
            if (r.GetValue(noStore) && r.GetValue(db) is not null) throw new UsageException("Choose --db or --no-store, not both.");
            if (r.GetValue(noStore)) settings[p + "Store"] = "false";
            if (r.GetValue(db) is { } location) settings[p + "Db"] = location;
            if (r.GetValue(cluster) is { } clusterDb)
            {
                // The grains write every chain to the cluster's store; a front end writes none itself but reads its history from it.
                if (r.GetValue(db) is not null) throw new UsageException("--cluster: the grains write the cluster's PostgreSQL store; drop --db.");
                settings[Web.Live.Cluster.ClusterFrontEnd.ConnectionKey] = clusterDb;
                settings[Web.Live.Cluster.ClusterFrontEnd.Section + ":ClusterId"] = r.GetValue(clusterId);
                settings[Web.Live.Cluster.ClusterFrontEnd.Section + ":ServiceId"] = r.GetValue(serviceId);
                if (!r.GetValue(noStore)) settings[p + "Db"] = clusterDb;
                settings[p + "StoreWrites"] = "false";
            }
            if (r.GetValue(prices) is { } pricesFile) settings[Web.Api.ScorecardOptions.Section + ":Prices"] = Path.GetFullPath(pricesFile);
            if (r.GetValue(vix) is { } vixFile) settings[Web.Api.ScorecardOptions.Section + ":Vix"] = Path.GetFullPath(vixFile);

            foreach (var u in (r.GetValue(urls) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Uri.TryCreate(u.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
                    throw new UsageException($"--urls '{u}' is not an http(s) address such as http://127.0.0.1:5000.");
            }
            const string sec = "DealerFlow:Security:";
            string? generated = null;
            if (r.GetValue(token) is not null && !r.GetValue(isPublic)) throw new UsageException("--token is for a public server: add --public (a loopback server needs no token).");
            if (r.GetValue(isPublic))
            {
                settings[sec + "Public"] = "true";
                settings[sec + "Token"] = r.GetValue(token) ?? (generated = Web.Security.AccessControl.NewToken());
            }
            if (r.GetValue(allowedHosts) is { } hosts)
            {
                var list = hosts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                for (var i = 0; i < list.Length; i++) settings[$"{sec}AllowedHosts:{i}"] = list[i];
            }
            using var app = DashboardApp.Create([], settings);
            try
            {
                // Options are validated here, before the host starts, so a bad setting is one line, not a hosting error log.
                _ = app.Services.GetRequiredService<IOptions<LiveOptions>>().Value;
                _ = app.Services.GetRequiredService<IOptions<Web.Security.SecurityOptions>>().Value;
                _ = app.Services.GetRequiredService<IOptions<Web.Api.ScorecardOptions>>().Value;
                HostStart.StartAsync(app, CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (OptionsValidationException e)
            {
                throw new UsageException(string.Join(" ", e.Failures));
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException)
            {
                throw new UsageException($"Cannot start the dashboard on {r.GetValue(urls)}: {e.Message}");
            }
            catch (IOException e)
            {
                throw new UsageException($"Cannot listen on {r.GetValue(urls)}: {e.Message} Choose another address with --urls.");
            }
            catch (Exception e) when (r.GetValue(cluster) is not null && (e is Orleans.Runtime.OrleansException || e.GetBaseException() is Npgsql.NpgsqlException))
            {
                // No silo yet, or a database no silo has prepared (the silo creates the membership tables).
                throw new UsageException($"--cluster: cannot connect to the cluster: {e.GetBaseException().Message.ReplaceLineEndings(" ").Trim()} Start a silo first (dealerflow silo --cluster ...).");
            }
            foreach (var url in app.Urls) stdout.WriteLine($"DealerFlow dashboard: {url}/");
            if (r.GetValue(isPublic))
            {
                stdout.WriteLine("Public: every request needs the access token (header 'Authorization: Bearer <token>', or open the address below once per browser).");
                if (generated is not null) stdout.WriteLine($"Access token (generated, shown once): {generated}");
                foreach (var url in app.Urls) stdout.WriteLine($"Open: {url}/?token={Uri.EscapeDataString(settings[sec + "Token"]!)}");
            }
            stdout.WriteLine("Press Ctrl+C to stop.");
            stdout.Flush();
            app.WaitForShutdown();
            return Cli.Ok;
        });
        return command;
    }

    /// <summary>A feed's symbols and base URL as settings under DealerFlow:Live:Feeds.</summary>
    private static void Feed(Dictionary<string, string?> settings, string feed, string symbols, string? url)
    {
        const string f = "DealerFlow:Live:Feeds:";
        var list = symbols.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < list.Length; i++) settings[$"{f}{feed}Symbols:{i}"] = list[i];
        if (url is not null) settings[$"{f}{feed}Url"] = url;
    }

    /// <summary>Parses 500ms, 15s, 2m, 1h or a TimeSpan such as 00:00:15.</summary>
    public static TimeSpan ParseDuration(string text, string option)
    {
        var t = text.Trim().ToLowerInvariant();
        (string Suffix, double Ms)[] units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];
        foreach (var (suffix, ms) in units)
        {
            if (t.EndsWith(suffix, StringComparison.Ordinal) && double.TryParse(t[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0)
                return TimeSpan.FromMilliseconds(n * ms);
        }
        return TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero ? span
            : throw new UsageException($"{option} '{text}' is not a duration such as 15s, 2m or 500ms.");
    }
}
