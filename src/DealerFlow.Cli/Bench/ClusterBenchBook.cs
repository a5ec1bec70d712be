namespace DealerFlow.Cli.Bench;

/// <summary>A latency summary in milliseconds: nearest-rank percentiles over <see cref="Count"/> samples; NaN when there are none.</summary>
internal sealed record LatencySummary(int Count, double P50Ms, double P99Ms, double MaxMs);

/// <summary>A chain the cluster acknowledged as stored: the grain answered <c>stored</c> with this store id.</summary>
internal readonly record struct AckedChain(string Symbol, DateTimeOffset Instant, long Id);

/// <summary>One row of the snapshot store, as far as the audit needs it.</summary>
internal readonly record struct StoredRow(long Id, string Symbol, DateTimeOffset Instant);

/// <summary>
/// What the store holds against what the cluster acknowledged. <see cref="Lost"/>: acknowledged ids the store does not
/// have (must be 0). <see cref="Duplicated"/>: rows beyond the first for one (underlying, instant) (must be 0).
/// <see cref="UnacknowledgedCommitted"/>: rows of chains whose offer got no <c>stored</c> answer (the silo died or the
/// call timed out after the grain wrote it): committed, so a restarted grain restores them; not an error.
/// </summary>
internal sealed record StoreAudit(int Acknowledged, int Rows, int Lost, int Duplicated, int UnacknowledgedCommitted, IReadOnlyList<string> LostExamples, IReadOnlyList<string> DuplicatedExamples);

/// <summary>Where the cluster's grains were at one moment: underlying grains per silo (by silo port) and the silo of each symbol.</summary>
internal sealed record Placement(IReadOnlyDictionary<int, int> UnderlyingsPerSilo, IReadOnlyDictionary<int, int> HubsPerSilo, IReadOnlyDictionary<string, int> SiloOfSymbol)
{
    /// <summary>The symbols whose grain was on the silo with port <paramref name="siloPort"/>, sorted.</summary>
    public IReadOnlyList<string> On(int siloPort) => [.. SiloOfSymbol.Where(kv => kv.Value == siloPort).Select(kv => kv.Key).Order(StringComparer.Ordinal)];
}

/// <summary>One grain activation as the management grain lists it: its type name, its key and the port of its silo.</summary>
internal readonly record struct GrainAt(string GrainType, string Key, int SiloPort);

/// <summary>The bookkeeping of <c>bench --cluster</c>, kept apart from the processes so it can be checked on hand-made inputs.</summary>
internal static class ClusterBenchBook
{
    /// <summary>p50, p99 and max of <paramref name="samples"/> (any order).</summary>
    public static LatencySummary Summarize(IEnumerable<double> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var s = samples.Order().ToArray();
        return new LatencySummary(s.Length, Samples.Percentile(s, 0.50), Samples.Percentile(s, 0.99), s.Length == 0 ? double.NaN : s[^1]);
    }

    /// <summary>Compares the acknowledged chains with the store's rows of the bench's symbols (see <see cref="StoreAudit"/>); instants compare as UTC moments.</summary>
    public static StoreAudit Audit(IReadOnlyCollection<AckedChain> acked, IReadOnlyCollection<StoredRow> rows)
    {
        ArgumentNullException.ThrowIfNull(acked);
        ArgumentNullException.ThrowIfNull(rows);
        var ids = rows.Select(r => r.Id).ToHashSet();
        var lost = acked.Where(a => !ids.Contains(a.Id)).OrderBy(a => a.Symbol, StringComparer.Ordinal).ThenBy(a => a.Instant).ToList();
        var groups = rows.GroupBy(r => (r.Symbol, r.Instant.UtcTicks)).Where(g => g.Count() > 1).OrderBy(g => g.Key.Symbol, StringComparer.Ordinal).ThenBy(g => g.Key.UtcTicks).ToList();
        var ackedKeys = acked.Select(a => (a.Symbol, a.Instant.UtcTicks)).ToHashSet();
        var unacked = rows.Select(r => (r.Symbol, r.Instant.UtcTicks)).Distinct().Count(k => !ackedKeys.Contains(k));
        return new StoreAudit(acked.Count, rows.Count, lost.Count, groups.Sum(g => g.Count() - 1), unacked,
            [.. lost.Take(5).Select(a => $"{a.Symbol} {a.Instant:O} id {a.Id}")],
            [.. groups.Take(5).Select(g => $"{g.Key.Symbol} {new DateTimeOffset(g.Key.UtcTicks, TimeSpan.Zero):O} x{g.Count()}")]);
    }

    /// <summary>
    /// The placement of the bench's <paramref name="symbols"/> from the management grain's list: an underlying grain is a
    /// grain whose type name is <paramref name="underlyingType"/> and whose key is one of the symbols; a hub is a grain of
    /// type <paramref name="hubType"/>. Other grains are not counted.
    /// </summary>
    public static Placement Place(IEnumerable<GrainAt> grains, IReadOnlySet<string> symbols, string underlyingType, string hubType)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(symbols);
        var of = new Dictionary<string, int>(StringComparer.Ordinal);
        var hubs = new Dictionary<int, int>();
        foreach (var g in grains)
        {
            if (g.GrainType == hubType) hubs[g.SiloPort] = hubs.GetValueOrDefault(g.SiloPort) + 1;
            else if (g.GrainType == underlyingType && symbols.Contains(g.Key)) of[g.Key] = g.SiloPort;
        }
        var per = of.GroupBy(kv => kv.Value).ToDictionary(g => g.Key, g => g.Count());
        return new Placement(per, hubs, of);
    }

    /// <summary>
    /// What makes a run's figures untrustworthy besides the store audit: a process (not killed on purpose) that exited
    /// during the run (name and how it exited), the front end's market stream ending before the window, and underlyings
    /// of the killed silo that never showed again in the stream. Empty when none.
    /// </summary>
    public static IReadOnlyList<string> Problems(IEnumerable<(string Name, string? Exit)> processes, bool streamEnded, ClusterKillFigures? kill)
    {
        ArgumentNullException.ThrowIfNull(processes);
        var problems = processes.Where(p => p.Exit is not null).Select(p => $"{p.Name} {p.Exit}").ToList();
        if (streamEnded) problems.Add("the front end's market stream ended before the window did");
        if (kill is { } k && k.BrowserSeen < k.Affected) problems.Add(string.Create(CultureInfo.InvariantCulture, $"{k.Affected - k.BrowserSeen:N0} of {k.Affected:N0} underlyings of the killed silo never showed again in the front end's stream"));
        return problems;
    }

    /// <summary>The peak resident set (VmHWM) of process <paramref name="pid"/> in MB from /proc; null when it cannot be read (not Linux, process gone).</summary>
    public static double? PeakRssMb(int pid) => ReadKb($"/proc/{pid}/status", "VmHWM:") is { } kb ? kb / 1024.0 : null;

    /// <summary>The kB value of the <paramref name="key"/> line of a /proc status file; null when the file or line is missing.</summary>
    internal static long? ReadKb(string path, string key)
    {
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                if (!line.StartsWith(key, StringComparison.Ordinal)) continue;
                var parts = line[key.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return parts.Length > 0 && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb) ? kb : null;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // not Linux, or the process is gone
        }
        return null;
    }
}
