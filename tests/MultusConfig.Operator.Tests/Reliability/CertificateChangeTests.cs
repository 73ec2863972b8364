using System.Collections.Concurrent;
using k8s;
using k8s.Autorest;
using k8s.Models;
using MultusConfig.Operator.Certificates;
using MultusConfig.Operator.Tests.Controller;
using Xunit.Abstractions;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// What happens to admission while the certificate Secret or the webhook configurations change under running
/// replicas. The replicas learn of a change from their watches: one of them here never rechecks on its own
/// (a one-hour recheck), so anything it does within the test it does on a watch event.
/// </summary>
public sealed class CertificateChangeTests(ITestOutputHelper output)
{
    private static readonly WebhookCertificateSettings QuickRecheck = new() { RecheckInterval = TimeSpan.FromSeconds(1) };
    private static readonly WebhookCertificateSettings EventsOnly = new() { RecheckInterval = TimeSpan.FromHours(1) };

    [Fact]
    public async Task Every_admission_request_succeeds_while_the_secret_is_deleted_and_reapplied_and_both_replicas_end_on_the_secrets_certificate()
    {
        await using var f = await CertificateReplica.StartClusterAsync();
        await using var quick = CertificateReplica.Build(f.Server, "replica-quick", QuickRecheck);
        await using var onEvents = CertificateReplica.Build(f.Server, "replica-on-events", EventsOnly);
        await Task.WhenAll(quick.App.StartAsync(), onEvents.App.StartAsync());
        var before = await OperatorFixture.EventuallyAsync(() => Task.FromResult(CertificateReplica.StoredBundle(f.Server)),
            b => quick.Provider.Current is not null && onEvents.Provider.Current is not null, "both replicas serve", seconds: 60);
        await OperatorFixture.EventuallyAsync(() => CertificateReplica.CaBundlesAsync(f.Client), b => b.All(pem => pem == before.CaCertificatePem), "the CA is published", seconds: 60);
        // The API server calls the replica that only acts on events: the one a caBundle change would leave behind.
        f.Server.MapService(CertificateReplica.Namespace, "multus-config-webhook", onEvents.WebhookPort);

        var failures = new ConcurrentQueue<string>();
        var admitted = 0;
        using var stop = new CancellationTokenSource();
        var traffic = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    await f.CreateSmcAsync($"net-{i}", """{"cniType":"macvlan","macvlan":{"master":["ens192"]}}""");
                    Interlocked.Increment(ref admitted);
                }
                catch (HttpOperationException e)
                {
                    failures.Enqueue($"net-{i}: {(int)e.Response.StatusCode} {e.Response.Content}");
                }
            }
        });
        await OperatorFixture.EventuallyAsync(() => Task.FromResult<int?>(Volatile.Read(ref admitted)), n => n >= 5, "admission works before the change", seconds: 60);

        await f.Client.CoreV1.DeleteNamespacedSecretAsync(CertificateReplica.SecretName, CertificateReplica.Namespace);
        // The quick replica rechecks every second; give it several passes without the Secret (observed, not slept).
        var passes = f.Server.Requests.All.Count(r => r.Resource == "secrets" && r.Verb == "get" && LeaseTerms.PodOf(r.UserAgent) == "replica-quick");
        await OperatorFixture.EventuallyAsync(() => Task.FromResult<int?>(f.Server.Requests.All.Count(r => r.Resource == "secrets" && r.Verb == "get" && r.StatusCode == 404 && LeaseTerms.PodOf(r.UserAgent) == "replica-quick")),
            n => n >= 3, "the quick replica finds the Secret missing three times", seconds: 60);
        var duringMissing = Volatile.Read(ref admitted);
        await OperatorFixture.EventuallyAsync(() => Task.FromResult<int?>(Volatile.Read(ref admitted)), n => n >= duringMissing + 5, "admission works while the Secret is missing", seconds: 60);
        await f.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = CertificateReplica.SecretName }, Type = "Opaque" }, CertificateReplica.Namespace);

        var after = await OperatorFixture.EventuallyAsync(() => Task.FromResult(CertificateReplica.StoredBundle(f.Server)), _ => true, "the re-applied Secret is filled", seconds: 60);
        var afterChange = Volatile.Read(ref admitted);
        await OperatorFixture.EventuallyAsync(() => Task.FromResult<int?>(Volatile.Read(ref admitted)), n => n >= afterChange + 5, "admission works after the change", seconds: 60);
        await stop.CancelAsync();
        await traffic;

        output.WriteLine($"{admitted} admitted, {failures.Count} failed, {passes} passes of the quick replica before the delete");
        Assert.True(failures.IsEmpty, $"{failures.Count} admission requests failed:\n" + string.Join("\n", failures.Take(5)));
        Assert.Equal(before.CaCertificatePem, after.CaCertificatePem);
        using var expected = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(after.CertificatePem);
        Assert.Equal(expected.Thumbprint, quick.Provider.Current!.Thumbprint);
        Assert.Equal(expected.Thumbprint, onEvents.Provider.Current!.Thumbprint);
        Assert.DoesNotContain(f.Server.Requests.All, r => r.Resource == "secrets" && r.Verb == "create" && LeaseTerms.PodOf(r.UserAgent) is not null);
        Assert.Empty(ShippedRbac.Denied(f.Server.Requests.All));
    }

    [Fact]
    public async Task A_recreated_webhook_configuration_gets_its_ca_bundle_on_the_watch_event()
    {
        await using var f = await CertificateReplica.StartClusterAsync();
        await using var replica = CertificateReplica.Build(f.Server, "replica-on-events", EventsOnly);
        await replica.App.StartAsync();
        var bundle = await OperatorFixture.EventuallyAsync(() => Task.FromResult(CertificateReplica.StoredBundle(f.Server)), _ => replica.Provider.Current is not null, "the replica serves", seconds: 60);
        await OperatorFixture.EventuallyAsync(() => CertificateReplica.CaBundlesAsync(f.Client), b => b.All(pem => pem == bundle.CaCertificatePem), "the CA is published", seconds: 60);

        await f.Client.AdmissionregistrationV1.DeleteValidatingWebhookConfigurationAsync("multus-config-validating");
        await f.Server.LoadManifestsAsync(Path.Combine(OperatorFixture.RepoRoot, "deploy", "webhook", "validating_webhook_configuration.yaml"));

        // With a one-hour recheck, only the watch event can bring this patch within the test.
        await OperatorFixture.EventuallyAsync(() => CertificateReplica.CaBundlesAsync(f.Client), b => b.All(pem => pem == bundle.CaCertificatePem), "the recreated configuration gets the CA", seconds: 60);
        var patches = f.Server.Requests.All.Where(r => r.Resource == "validatingwebhookconfigurations" && r.Verb == "patch" && LeaseTerms.PodOf(r.UserAgent) == "replica-on-events").ToList();
        Assert.Equal(2, patches.Count); // the first publication and the one for the recreated configuration
        Assert.Empty(ShippedRbac.Denied(f.Server.Requests.All));
    }

    [Fact]
    public async Task A_replica_started_without_the_secret_is_unready_naming_it_and_becomes_ready_once_the_secret_is_applied()
    {
        await using var f = await CertificateReplica.StartClusterAsync();
        await f.Client.CoreV1.DeleteNamespacedSecretAsync(CertificateReplica.SecretName, CertificateReplica.Namespace);
        await using var replica = CertificateReplica.Build(f.Server, "replica-on-events", EventsOnly);
        await replica.App.StartAsync();

        var unready = await OperatorFixture.EventuallyAsync(() => replica.ReadyzAsync(), r => r.Body.Contains("does not exist", StringComparison.Ordinal), "readiness names the missing Secret", seconds: 60);
        Assert.Equal(503, unready.Status);
        Assert.Contains($"Secret {CertificateReplica.Namespace}/{CertificateReplica.SecretName}", unready.Body, StringComparison.Ordinal);

        await f.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = CertificateReplica.SecretName }, Type = "Opaque" }, CertificateReplica.Namespace);

        await OperatorFixture.EventuallyAsync(() => replica.ReadyzAsync(), r => r.Status == 200, "ready once the Secret is applied", seconds: 60);
        Assert.NotNull(CertificateReplica.StoredBundle(f.Server));
        Assert.Empty(ShippedRbac.Denied(f.Server.Requests.All));
    }
}
