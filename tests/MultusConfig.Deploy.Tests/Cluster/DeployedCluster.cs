using System.Text.Json.Nodes;
using MultusConfig.ApiServer;
using static MultusConfig.Deploy.Tests.Rendered;

namespace MultusConfig.Deploy.Tests.Cluster;

/// <summary>
/// The API server double with <c>kubectl kustomize deploy/default</c> (or another deploy/ folder) applied by the real kubectl: our CRD
/// first, then Multus' NAD CRD (from tests/fixtures, as Multus installs it), then everything else.
/// </summary>
internal sealed class DeployedCluster : IAsyncDisposable
{
    private DeployedCluster(ApiServerDouble server, Kubectl kubectl, List<JsonObject> objects)
    {
        Server = server;
        Kubectl = kubectl;
        Objects = objects;
    }

    public ApiServerDouble Server { get; }

    public Kubectl Kubectl { get; }

    /// <summary>What was rendered (including the kinds the double cannot serve).</summary>
    public List<JsonObject> Objects { get; }

    /// <summary>The kubectl results of the three apply steps, for the apply test.</summary>
    public List<KubectlResult> Applies { get; } = [];

    public static async Task<DeployedCluster> StartAsync(string folder = "default")
    {
        var server = await ApiServerDouble.StartAsync();
        foreach (var crd in StandInCrds.All()) await server.CreateAsync(crd);
        var kubectl = new Kubectl(server);
        var cluster = new DeployedCluster(server, kubectl, Rendered.Objects(folder));
        var crds = cluster.Objects.Where(o => Str(o["kind"]) == "CustomResourceDefinition").ToList();
        var rest = cluster.Objects.Where(o => Str(o["kind"]) != "CustomResourceDefinition").ToList();
        await cluster.ApplyAsync("crds", crds);
        cluster.Applies.Add(await kubectl.RunAsync("apply", "-f", RepoPaths.Of("tests", "fixtures", "crds", "network-attachment-definitions.k8s.cni.cncf.io.yaml")));
        await cluster.ApplyAsync("rest", rest);
        return cluster;
    }

    private async Task ApplyAsync(string file, List<JsonObject> objects)
    {
        // One JSON file per object (kubectl takes a JSON file as one document), named so that kubectl's
        // lexical order of a folder is the rendered order.
        var dir = Directory.CreateDirectory(Path.Combine(Kubectl.WorkDir, file)).FullName;
        for (var i = 0; i < objects.Count; i++)
            await File.WriteAllTextAsync(Path.Combine(dir, $"{i:D3}.json"), objects[i].ToJsonString());
        Applies.Add(await Kubectl.RunAsync("apply", "-f", dir));
    }

    public async ValueTask DisposeAsync()
    {
        Kubectl.Dispose();
        await Server.DisposeAsync();
    }
}
