using System.Net;
using System.Net.Sockets;

namespace DealerFlow.Cluster.Tests;

/// <summary>Ports for the silos and servers a test starts on loopback.</summary>
internal static class LoopbackPort
{
    /// <summary>
    /// A port the system had free on 127.0.0.1 a moment ago. Nothing holds it until the caller binds it: another process
    /// can take it meanwhile (rare, the kernel spreads the ports it hands out), and the test then fails naming the address.
    /// </summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
