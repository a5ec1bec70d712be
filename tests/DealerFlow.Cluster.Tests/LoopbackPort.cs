using System.Net;
using System.Net.Sockets;

namespace DealerFlow.Cluster.Tests;

/// <summary>Ports for the silos and servers a test starts on loopback.</summary>
internal static class LoopbackPort
{
    /// <summary>A port the system had free on 127.0.0.1 a moment ago (it hands out each one in turn, so tests running at once do not collide).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
