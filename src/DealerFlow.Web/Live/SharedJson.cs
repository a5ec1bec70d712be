using System.Collections.Concurrent;

namespace DealerFlow.Web.Live;

/// <summary>
/// The JSON of the latest state of each symbol x view x event kind, built once and shared by every subscriber and
/// request that asks for the same state (<paramref name="maxEntries"/> views at most: past that the memo starts
/// again). A request for a state older than the one held builds its own copy without caching it. This type is
/// thread-safe.
/// </summary>
internal sealed class SharedJson(int maxEntries)
{
    private readonly ConcurrentDictionary<(string Symbol, ViewKey? View, string Kind), (long Stamp, Lazy<string> Json)> _latest = new();

    public string Get<T>(string symbol, ViewKey? view, string kind, long stamp, Func<T> build)
    {
        var key = (symbol, view, kind);
        while (true)
        {
            var found = _latest.TryGetValue(key, out var held);
            if (found && held.Stamp == stamp) return held.Json.Value;
            if (found && held.Stamp > stamp) return Serialize(build());
            var mine = (stamp, new Lazy<string>(() => Serialize(build()), LazyThreadSafetyMode.ExecutionAndPublication));
            if (found ? _latest.TryUpdate(key, mine, held) : _latest.TryAdd(key, mine))
            {
                if (_latest.Count > maxEntries) _latest.Clear();
                return mine.Item2.Value;
            }
        }
    }

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, WebJson.Options);
}
