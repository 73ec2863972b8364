using static MultusConfig.Deploy.Tests.Rendered;

namespace MultusConfig.Deploy.Tests.Kustomize;

/// <summary>deploy/cert-manager: the same installation with cert-manager issuing the serving certificate.</summary>
public class CertManagerOverlayTests
{
    [Fact]
    public void The_operator_reads_the_cert_manager_secret_from_its_cert_dir()
    {
        var objects = Objects("cert-manager");
        var pod = Single(objects, "Deployment")["spec"]!["template"]!["spec"]!;
        var container = pod["containers"]![0]!;
        var certDir = container["args"]!.AsArray().Select(Str).Single(a => a!.StartsWith("--cert-dir=", StringComparison.Ordinal))!["--cert-dir=".Length..];
        var mount = container["volumeMounts"]!.AsArray().Single(m => Str(m!["mountPath"]) == certDir)!;
        var volume = pod["volumes"]!.AsArray().Single(v => Str(v!["name"]) == Str(mount["name"]))!;
        var certificate = Single(objects, "Certificate");

        Assert.Equal(Str(certificate["spec"]!["secretName"]), Str(volume["secret"]!["secretName"]));
        Assert.Contains("multus-config-webhook.multus-config-system.svc", certificate["spec"]!["dnsNames"]!.AsArray().Select(Str));
        Assert.Equal(Str(Single(objects, "Issuer")["metadata"]!["name"]), Str(certificate["spec"]!["issuerRef"]!["name"]));
        Assert.Contains("--leader-elect=true", container["args"]!.AsArray().Select(Str));
    }

    [Theory]
    [InlineData("MutatingWebhookConfiguration")]
    [InlineData("ValidatingWebhookConfiguration")]
    public void Cert_manager_injects_the_ca_of_the_certificate_into_both_webhooks(string kind)
    {
        var objects = Objects("cert-manager");
        var certificate = Single(objects, "Certificate")["metadata"]!;

        Assert.Equal($"{Str(certificate["namespace"])}/{Str(certificate["name"])}",
            Str(Single(objects, kind)["metadata"]!["annotations"]!["cert-manager.io/inject-ca-from"]));
    }

    [Fact]
    public void Without_its_own_ca_the_operator_loses_the_secret_and_webhook_write_rules()
    {
        var objects = Objects("cert-manager");
        var resources = Single(objects, "ClusterRole", "multus-config-operator")["rules"]!.AsArray().Concat(Single(objects, "Role")["rules"]!.AsArray())
            .SelectMany(r => r!["resources"]!.AsArray().Select(Str)).ToList();

        Assert.DoesNotContain("secrets", resources);
        Assert.DoesNotContain("mutatingwebhookconfigurations", resources);
        Assert.DoesNotContain("validatingwebhookconfigurations", resources);
        Assert.Contains("leases", resources);
    }
}
