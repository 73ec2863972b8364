namespace MultusConfig.Cli.Tests;

/// <summary>Manifests the CLI tests feed in; the first two are the product documentation's examples.</summary>
internal static class Manifests
{
    public const string DocumentedMacvlan = """
        apiVersion: spiderpool.spidernet.io/v2beta1
        kind: SpiderMultusConfig
        metadata: {name: macvlan-ens192, namespace: kube-system}
        spec: {cniType: macvlan, enableCoordinator: true, macvlan: {master: [ens192]}}

        """;

    public const string DocumentedMacvlanConfig =
        """{"cniVersion":"0.3.1","name":"macvlan-ens192","plugins":[{"type":"macvlan","master":"ens192","mode":"bridge","ipam":{"type":"spiderpool"}},{"type":"coordinator"}]}""";

    public const string DocumentedIpvlan = """
        apiVersion: spiderpool.spidernet.io/v2beta1
        kind: SpiderMultusConfig
        metadata: {name: ipvlan-ens192, namespace: kube-system}
        spec: {cniType: ipvlan, enableCoordinator: true, ipvlan: {master: [ens192]}}

        """;

    public const string DocumentedIpvlanConfig =
        """{"cniVersion":"0.3.1","name":"ipvlan-ens192","plugins":[{"type":"ipvlan","master":"ens192","ipam":{"type":"spiderpool"}},{"type":"coordinator"}]}""";

    /// <summary>A macvlan SMC without a namespace, so -n and the default apply.</summary>
    public static string Macvlan(string name, string master = "eth0") => $"""
        apiVersion: spiderpool.spidernet.io/v2beta1
        kind: SpiderMultusConfig
        metadata:
          name: {name}
        spec:
          cniType: macvlan
          macvlan:
            master: [{master}]

        """;

    /// <summary>Invalid twice over: vlanID above 4094 and a negative mtu.</summary>
    public const string InvalidMacvlan = """
        apiVersion: spiderpool.spidernet.io/v2beta1
        kind: SpiderMultusConfig
        metadata:
          name: broken
          namespace: net
        spec:
          cniType: macvlan
          macvlan:
            master: [eth0]
            vlanID: 5000
            mtu: -1

        """;

    public const string ConfigMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          a: b

        """;

    /// <summary>A golden NAD as the examples folder keeps beside each SMC.</summary>
    public const string GoldenNad = """
        apiVersion: k8s.cni.cncf.io/v1
        kind: NetworkAttachmentDefinition
        metadata:
          name: macvlan-ens192
          namespace: kube-system
        spec:
          config: '{"cniVersion":"0.3.1"}'

        """;

    public static string YamlBomb()
    {
        var lines = new List<string> { "apiVersion: spiderpool.spidernet.io/v2beta1", "kind: SpiderMultusConfig", "metadata: {name: lol}", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]" };
        for (var i = 1; i <= 9; i++)
        {
            lines.Add($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))}]");
        }
        lines.Add("spec: {cniType: macvlan, macvlan: {master: *a9}}");
        return string.Join("\n", lines) + "\n";
    }
}
