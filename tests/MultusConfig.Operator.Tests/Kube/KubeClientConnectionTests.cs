using System.Net.Sockets;
using MultusConfig.Operator.Kube;

namespace MultusConfig.Operator.Tests.Kube;

/// <summary>How many TLS connections the operator's client opens to the API server (the double, over HTTPS).</summary>
public sealed class KubeClientConnectionTests
{
    [Fact]
    public async Task Requests_in_flight_at_once_share_one_HTTP2_connection_as_Gos_transport_does()
    {
        await using var k = await KubeDouble.StartAsync();
        var connects = 0;
        var handler = KubeHttpHandler.Create(KubeDouble.ConnectionTo(k.Server));
        handler.ConnectCallback = async (context, ct) =>
        {
            Interlocked.Increment(ref connects);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
        using var client = new KubeClient(KubeDouble.ConnectionTo(k.Server), handler);

        // Start-up: the informers' lists, the Secret and webhook configurations, all at once.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.ListAsync(KubeResources.NetworkAttachmentDefinitions, "team1", null,
            KubeJsonContext.Default.NetworkAttachmentDefinitionList)));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.ListAsync(KubeResources.SpiderMultusConfigs, "team1", null,
            KubeJsonContext.Default.SpiderMultusConfigList)));

        Assert.Equal(1, connects);
        Assert.Equal(16, k.Server.Requests.All.Count(r => r.Verb == "list"));
    }
}
