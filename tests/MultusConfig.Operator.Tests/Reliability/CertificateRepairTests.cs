using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Models;
using MultusConfig.Operator.Certificates;
using MultusConfig.Operator.Tests.Controller;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// A running operator repairs a damaged certificate Secret (or one deleted and re-applied empty from the manifests) by
/// itself, with the bundle it serves: no new CA, so every caBundle stays valid and the same certificate is served. (CertificateSecretAndCaBundleTests covers single reconcile passes of the
/// service alone; this is the whole host, its own loop, and what a TLS client then gets.)
/// </summary>
public sealed class CertificateRepairTests
{
    /// <summary>A recheck every 200 ms instead of every minute, so the repair is picked up without a long wait.</summary>
    private static readonly WebhookCertificateSettings QuickRecheck = new() { RecheckInterval = TimeSpan.FromMilliseconds(200) };

    [Theory]
    [InlineData("tls.crt")]
    [InlineData("tls.key")]
    [InlineData("ca.crt")]
    [InlineData("ca.key")]
    [InlineData("all")]
    [InlineData("deleted")]
    public async Task A_garbage_or_deleted_and_reapplied_secret_is_restored_from_the_served_bundle_without_a_new_ca(string damage)
    {
        await using var f = await CertificateReplica.StartClusterAsync();
        await using var replica = CertificateReplica.Build(f.Server, "repairing-replica", QuickRecheck);
        await replica.App.StartAsync();
        var before = await OperatorFixture.EventuallyAsync(() => Task.FromResult(CertificateReplica.StoredBundle(f.Server)), _ => replica.Provider.Current is not null, "the first certificate is served", seconds: 60);
        await OperatorFixture.EventuallyAsync(() => CertificateReplica.CaBundlesAsync(f.Client), b => b.All(pem => pem == before.CaCertificatePem), "the first CA is published", seconds: 60);

        await DamageAsync(f.Client, damage);

        var after = await OperatorFixture.EventuallyAsync(() => Task.FromResult(CertificateReplica.StoredBundle(f.Server)),
            b => CertificateInspector.Inspect(b, new ServingCertificateNames("multus-config-webhook", CertificateReplica.Namespace), DateTimeOffset.UtcNow, QuickRecheck).Verdict == BundleVerdict.Usable,
            $"the Secret with damaged {damage} is rewritten with a usable bundle", seconds: 60);
        Assert.Equal(before, after);
        await OperatorFixture.EventuallyAsync(() => CertificateReplica.CaBundlesAsync(f.Client), b => b.All(pem => pem == after.CaCertificatePem), "every caBundle holds the repaired CA", seconds: 60);
        using var ca = X509Certificate2.CreateFromPem(after.CaCertificatePem);
        using var expected = X509Certificate2.CreateFromPem(after.CertificatePem);
        var served = await OperatorFixture.EventuallyAsync(async () => await replica.ServedCertificateAsync(ca), c => c.Thumbprint == expected.Thumbprint, "the repaired certificate is served", seconds: 60);
        Assert.Equal("Opaque", (await f.Client.CoreV1.ReadNamespacedSecretAsync(CertificateReplica.SecretName, CertificateReplica.Namespace)).Type); // the shipped Secret's type is kept
        served.Dispose();
        Assert.Empty(ShippedRbac.Denied(f.Server.Requests.All));
    }

    private static async Task DamageAsync(k8s.Kubernetes client, string damage)
    {
        if (damage == "deleted")
        {
            await client.CoreV1.DeleteNamespacedSecretAsync(CertificateReplica.SecretName, CertificateReplica.Namespace);
            // The operator may not create it: the admin re-applies the manifests, which ship it empty.
            await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = CertificateReplica.SecretName }, Type = "Opaque" }, CertificateReplica.Namespace);
            return;
        }
        var secret = await client.CoreV1.ReadNamespacedSecretAsync(CertificateReplica.SecretName, CertificateReplica.Namespace);
        string[] keys = damage == "all" ? ["tls.crt", "tls.key", "ca.crt", "ca.key"] : [damage];
        foreach (var key in keys) secret.Data[key] = "-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n"u8.ToArray();
        await client.CoreV1.ReplaceNamespacedSecretAsync(secret, CertificateReplica.SecretName, CertificateReplica.Namespace);
    }
}
