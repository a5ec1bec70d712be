using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace DealerFlow.Web.Live.Feeds;

/// <summary>The websocket rules every streamed feed shares: which addresses a secret may be sent to, and reading one capped text message.</summary>
internal static class FeedSocket
{
    /// <summary>Largest message read; a longer one drops the connection.</summary>
    public const int MaxFrameBytes = 1024 * 1024;

    /// <summary>True for <c>wss://</c>, or <c>ws://</c> on this machine (a stub): a key or token is only sent encrypted.</summary>
    public static bool MaySendSecret(Uri u) => u.Scheme == "wss" || (u.Scheme == "ws" && u.IsLoopback);

    public static Task SendAsync(ClientWebSocket socket, byte[] message, CancellationToken ct) =>
        socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, ct);

    /// <summary>The next text message; null when the server closed the socket. A message over <see cref="MaxFrameBytes"/> drops the connection.</summary>
    public static async Task<string?> ReceiveAsync(ClientWebSocket socket, byte[] buffer, CancellationToken ct)
    {
        using var message = new MemoryStream();
        while (true)
        {
            var r = await socket.ReceiveAsync(buffer, ct).ConfigureAwait(false);
            if (r.MessageType == WebSocketMessageType.Close) return null;
            if (message.Length + r.Count > MaxFrameBytes) throw new FeedException($"a message is over {MaxFrameBytes} bytes; reconnecting");
            message.Write(buffer, 0, r.Count);
            if (r.EndOfMessage) return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
        }
    }

    /// <summary>
    /// The next message as JSON; null when the server closed the socket. No message within <paramref name="silence"/>
    /// cancels (a stalled socket); a message that is not JSON goes to <paramref name="notJson"/> (its length) and is skipped.
    /// </summary>
    public static async Task<JsonDocument?> ReceiveJsonAsync(ClientWebSocket socket, byte[] buffer, TimeSpan silence, TimeProvider time, Action<int> notJson, CancellationToken ct)
    {
        while (true)
        {
            string? frame;
            using (var quiet = new CancellationTokenSource(silence, time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, quiet.Token))
                frame = await ReceiveAsync(socket, buffer, linked.Token).ConfigureAwait(false);
            if (frame is null) return null;
            try
            {
                return JsonDocument.Parse(frame);
            }
            catch (JsonException)
            {
                notJson(frame.Length);
            }
        }
    }

    /// <summary>The wait before reconnection attempt <paramref name="failures"/>: 1 s doubling up to <paramref name="max"/> (at least 1 s).</summary>
    public static TimeSpan Backoff(int failures, TimeSpan max) =>
        TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Min(failures - 1, 20)), Math.Max(1, max.TotalSeconds)));
}
