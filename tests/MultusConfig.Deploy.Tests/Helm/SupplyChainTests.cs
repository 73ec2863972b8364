using System.Text.RegularExpressions;
using static MultusConfig.Deploy.Tests.Rendered;

namespace MultusConfig.Deploy.Tests.Helm;

/// <summary>What the manifests pull and mount: a fixed image tag (the chart's appVersion), a bounded /tmp, and a webhook that spares the operator's namespace wherever it is installed.</summary>
public sealed partial class SupplyChainTests
{
    [GeneratedRegex(@"^appVersion:\s*""?([^""\s]+)""?", RegexOptions.Multiline)]
    private static partial Regex AppVersion();

    [Fact]
    public void No_manifest_or_chart_value_uses_the_latest_tag_and_both_use_the_charts_appVersion()
    {
        var appVersion = AppVersion().Match(File.ReadAllText(Path.Combine(ChartRenderer.ChartDir, "Chart.yaml"))).Groups[1].Value;
        var images = new[] { Objects("default"), ChartRenderer.Render() }
            .Select(objects => Str(Single(objects, "Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!["image"])!)
            .ToList();

        Assert.All(images, image => Assert.EndsWith(":" + appVersion, image, StringComparison.Ordinal));
        foreach (var file in Directory.GetFiles(RepoPaths.Of("deploy"), "*.yaml", SearchOption.AllDirectories))
            Assert.DoesNotMatch(@"(?m)^\s*(image|tag):.*\blatest\b", File.ReadAllText(file));
    }

    [Fact]
    public void The_tmp_emptyDir_has_a_size_limit_in_kustomize_and_chart()
    {
        foreach (var objects in new[] { Objects("default"), ChartRenderer.Render() })
        {
            var tmp = Single(objects, "Deployment")["spec"]!["template"]!["spec"]!["volumes"]!.AsArray().Single(v => Str(v!["name"]) == "tmp")!;
            Assert.NotNull(Str(tmp["emptyDir"]?["sizeLimit"]));
        }
    }

    [Fact]
    public void The_cert_manager_certificate_volume_is_owner_read_only_and_the_pods_fs_group_can_read_it()
    {
        foreach (var objects in new[] { Objects("cert-manager"), ChartRenderer.Render(v => v["certManager"]!["enabled"] = true) })
        {
            var pod = Single(objects, "Deployment")["spec"]!["template"]!["spec"]!;
            var certs = pod["volumes"]!.AsArray().Single(v => Str(v!["name"]) == "webhook-certs")!;
            Assert.Equal(Convert.ToInt64("400", 8), (long)certs["secret"]!["defaultMode"]!);
            // Without fsGroup the files stay root's and a 0400 key is unreadable for the non-root operator.
            Assert.Equal((long)pod["securityContext"]!["runAsGroup"]!, (long?)pod["securityContext"]!["fsGroup"]);
        }
    }
}
