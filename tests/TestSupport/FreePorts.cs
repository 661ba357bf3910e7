namespace Engine.Tests;

using System.Net;
using System.Net.Sockets;

/// <summary>
/// Hands out loopback ports nobody is listening on. Two silos on one machine can bind the same port without an
/// error, so every test cluster takes its own; the set of ports given out keeps one run from reusing a port.
/// </summary>
public static class FreePorts
{
    private static readonly HashSet<int> Given = [];

    public static int Next()
    {
        lock (Given)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (Given.Add(port)) return port;
            }
        }
    }
}
