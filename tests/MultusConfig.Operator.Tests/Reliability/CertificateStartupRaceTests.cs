using System.Security.Cryptography.X509Certificates;
using MultusConfig.Operator.Tests.Controller;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>Two replicas of a fresh install start at the same instant and must still agree on one CA.</summary>
public sealed class CertificateStartupRaceTests
{
    [Fact]
    public async Task Two_replicas_starting_at_once_fill_the_shipped_secret_once_and_serve_certificates_of_the_one_ca_in_every_ca_bundle()
    {
        await using var f = await CertificateReplica.StartClusterAsync();
        // Reads of the Secret are held until both replicas have asked, then answered together: both find none and
        // both find it empty and both write one. The race is forced rather than hoped for; the loser must read and serve the winner's.
        f.Server.Faults.Delay(TimeSpan.FromMinutes(1), verb: "get", resource: "secrets");
        await using var a = CertificateReplica.Build(f.Server, "replica-a");
        await using var b = CertificateReplica.Build(f.Server, "replica-b");

        await Task.WhenAll(a.App.StartAsync(), b.App.StartAsync());
        await OperatorFixture.EventuallyAsync(() => Task.FromResult<int?>(f.Server.Requests.All.Count(r => r.Resource == "secrets" && r.Verb == "get")),
            n => n == 2, "both replicas ask for the Secret", seconds: 60);
        f.Server.Faults.Clear();
        await OperatorFixture.EventuallyAsync(() => Task.FromResult<object?>(a.Provider.Current), _ => true, "replica-a serves a certificate", seconds: 60);
        await OperatorFixture.EventuallyAsync(() => Task.FromResult<object?>(b.Provider.Current), _ => true, "replica-b serves a certificate", seconds: 60);

        var updates = f.Server.Requests.All.Where(r => r.Resource == "secrets" && r.Verb == "update").ToList();
        Assert.Equal([200, 409], updates.Select(r => r.StatusCode).Order());
        Assert.Equal(["replica-a", "replica-b"], updates.Select(r => LeaseTerms.PodOf(r.UserAgent)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(f.Server.Requests.All, r => r.Resource == "secrets" && r.Verb is "create" or "patch" or "delete" && r.UserAgent?.StartsWith("multus-config-operator/", StringComparison.Ordinal) == true);

        var stored = CertificateReplica.StoredBundle(f.Server)!;
        var bundles = await OperatorFixture.EventuallyAsync(() => CertificateReplica.CaBundlesAsync(f.Client), l => l.All(pem => pem == stored.CaCertificatePem), "every caBundle holds the one CA", seconds: 60);
        Assert.Equal(2, bundles.Count); // the shipped mutating and validating webhook
        using var ca = X509Certificate2.CreateFromPem(stored.CaCertificatePem);
        using var expected = X509Certificate2.CreateFromPem(stored.CertificatePem);
        foreach (var replica in new[] { a, b })
        {
            using var served = await replica.ServedCertificateAsync(ca); // the handshake itself checks the chain to this CA
            Assert.Equal(expected.Thumbprint, served.Thumbprint);
        }
        Assert.Empty(ShippedRbac.Denied(f.Server.Requests.All));
    }
}
