using System.Net;
using System.Net.Sockets;

namespace Sightline.Tests.Support;

/// <summary>Loopback ports free at the moment of asking, chosen by the operating system, so parallel runs do not collide.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
