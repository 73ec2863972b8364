using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using MultusConfig.Operator.Certificates;
using MultusConfig.Operator.Tests.Admission;
using MultusConfig.Operator.Tests.Controller;
using Xunit.Abstractions;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>The serving certificate is renewed by the running operator while admission requests keep arriving.</summary>
public sealed class CertificateRotationTests(ITestOutputHelper output)
{
    /// <summary>
    /// A 60 s serving certificate renewed after 5 % of its life: a rotation every ~3 s, each certificate still valid
    /// for ~57 s after it is replaced, so a renewal that runs late on a loaded machine never serves an expired one.
    /// </summary>
    private static readonly WebhookCertificateSettings Rotating = new()
    {
        ServingLifetime = TimeSpan.FromSeconds(60),
        RenewAtFraction = 0.05,
        ClockSkewAllowance = TimeSpan.Zero,
    };

    [Fact]
    public async Task Admission_requests_over_new_and_kept_alive_connections_all_succeed_while_the_serving_certificate_rotates_and_the_new_one_is_served_after()
    {
        await using var f = await CertificateReplica.StartClusterAsync();
        await using var replica = CertificateReplica.Build(f.Server, "rotating-replica", Rotating);
        await replica.App.StartAsync();
        await OperatorFixture.EventuallyAsync(() => Task.FromResult(CertificateReplica.StoredBundle(f.Server)), _ => replica.Provider.Current is not null, "the first certificate is served", seconds: 60);
        var bundle = CertificateReplica.StoredBundle(f.Server)!;
        using var ca = X509Certificate2.CreateFromPem(bundle.CaCertificatePem);
        var first = replica.Provider.Current!.Thumbprint;
        var rotations = 0;
        replica.Provider.Changed += (_, _) => Interlocked.Increment(ref rotations);

        var failures = new ConcurrentQueue<string>();
        var newConnectionCertificates = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var keptAliveHandshakes = 0;
        var answered = 0;
        using var stop = new CancellationTokenSource();
        var uri = new Uri($"https://{CertificateReplica.ServiceHost}:{replica.WebhookPort}");
        var endpoint = new IPEndPoint(IPAddress.Loopback, replica.WebhookPort);

        async Task SendUntilStoppedAsync(HttpClient client, int worker)
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var (path, operation) = i % 2 == 0 ? (Reviews.ValidatePath, "CREATE") : (Reviews.MutatePath, "CREATE");
                var uid = Guid.NewGuid().ToString();
                var review = Reviews.Review(operation, Reviews.Smc($"net-{worker}-{i}", """{"cniType":"macvlan","macvlan":{"master":["ens192"]}}""", ns: "team1"), uid: uid);
                try
                {
                    using var response = await client.PostAsJsonAsync(new Uri(path, UriKind.Relative), review);
                    var body = await response.Content.ReadFromJsonAsync<JsonObject>();
                    if (response.StatusCode != HttpStatusCode.OK || (string?)body?["response"]?["uid"] != uid || (bool?)body?["response"]?["allowed"] != true)
                        failures.Enqueue($"{path}: {(int)response.StatusCode} {body?.ToJsonString()}");
                    else Interlocked.Increment(ref answered);
                }
                catch (HttpRequestException e)
                {
                    failures.Enqueue($"{path}: {e}");
                }
            }
        }

        using var fresh1 = TestCa.ClientTrusting(ca, uri, c => newConnectionCertificates.AddOrUpdate(c.Thumbprint, 1, (_, n) => n + 1), endpoint);
        using var fresh2 = TestCa.ClientTrusting(ca, uri, c => newConnectionCertificates.AddOrUpdate(c.Thumbprint, 1, (_, n) => n + 1), endpoint);
        using var keptAlive = KeepAliveClient(ca, uri, endpoint, () => Interlocked.Increment(ref keptAliveHandshakes));
        var senders = new[] { SendUntilStoppedAsync(fresh1, 1), SendUntilStoppedAsync(fresh2, 2), SendUntilStoppedAsync(keptAlive, 3) };

        // Two rotations while the three senders run, then a little more traffic on the newest certificate.
        await OperatorFixture.EventuallyAsync(() => Task.FromResult<int?>(Volatile.Read(ref rotations)), n => n >= 2, "two rotations during traffic", seconds: 60);
        var afterRotation = Volatile.Read(ref answered);
        await OperatorFixture.EventuallyAsync(() => Task.FromResult<int?>(Volatile.Read(ref answered)), n => n >= afterRotation + 20, "requests answered after the rotations", seconds: 60);
        await stop.CancelAsync();
        await Task.WhenAll(senders);

        output.WriteLine($"{answered} answered, {rotations} rotations, {newConnectionCertificates.Count} certificates seen on new connections, {keptAliveHandshakes} handshake(s) on the kept-alive one");
        Assert.True(failures.IsEmpty, $"{failures.Count} failed requests:\n" + string.Join("\n", failures.Take(10)));
        Assert.True(newConnectionCertificates.Count >= 3, $"new connections saw only {newConnectionCertificates.Count} certificates");
        Assert.Equal(1, keptAliveHandshakes); // the kept-alive connection carried on across the rotations

        var served = await replica.ServedCertificateAsync(ca);
        var stored = CertificateReplica.StoredBundle(f.Server)!;
        Assert.NotEqual(first, served.Thumbprint);
        Assert.Equal(replica.Provider.Current!.Thumbprint, served.Thumbprint);
        Assert.Equal(X509Certificate2.CreateFromPem(stored.CertificatePem).Thumbprint, served.Thumbprint);
        Assert.Equal(bundle.CaCertificatePem, stored.CaCertificatePem); // renewal keeps the CA, so callers' caBundle stays valid
    }

    /// <summary>One connection reused for every request; counts its TLS handshakes.</summary>
    private static HttpClient KeepAliveClient(X509Certificate2 ca, Uri baseAddress, IPEndPoint connectTo, Action handshake)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    handshake();
                    if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
                    using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                    return CertificateInspector.ChainsTo(leaf, ca, DateTimeOffset.UtcNow);
                },
            },
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                await socket.ConnectAsync(connectTo, cancellationToken);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }
}
