using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MultusConfig.ApiServer;
using MultusConfig.Core.Pipeline;
using MultusConfig.Core.Rendering;

namespace MultusConfig.Benchmarks;

/// <summary>
/// The API server double in this process with our CRDs, the bench's own client (one client for the
/// baseline and the SMC runs, so they pay the same HTTP costs), and helpers to create and check objects.
/// </summary>
internal sealed class Cluster : IAsyncDisposable
{
    public const string SmcGroup = "spiderpool.spidernet.io", SmcVersion = "v2beta1", SmcPlural = "spidermultusconfigs";
    public const string NadGroup = "k8s.cni.cncf.io", NadVersion = "v1", NadPlural = "network-attachment-definitions";

    /// <summary>Requests in flight when creating many objects, for both the baseline and the SMCs.</summary>
    public const int Concurrency = 16;

    private static readonly JsonObject Template = RenderBenchmarks.Load("e01-macvlan");

    private Cluster(ApiServerDouble server, string kubeconfig)
    {
        Server = server;
        Kubeconfig = kubeconfig;
        Client = server.CreateClient();
    }

    public ApiServerDouble Server { get; }

    public Kubernetes Client { get; }

    public string Kubeconfig { get; }

    public static async Task<Cluster> StartAsync(string workDir)
    {
        // A history window larger than the biggest burst, so no watcher of the operator falls out of it.
        var server = await ApiServerDouble.StartAsync(new ApiServerOptions());
        server.HistoryWindow = 100_000;
        await server.LoadManifestsAsync(Repo.Path("deploy", "crds"), Repo.Path("tests", "fixtures", "crds", "network-attachment-definitions.k8s.cni.cncf.io.yaml"));
        var cluster = new Cluster(server, server.WriteKubeconfig(Path.Combine(workDir, "kubeconfig")));
        await cluster.CreateNamespaceAsync("multus-config-system");
        // The shipped, empty certificate Secret: the operator fills it but may not create it.
        await server.LoadManifestsAsync(Repo.Path("deploy", "webhook", "certificate_secret.yaml"));
        return cluster;
    }

    public Task CreateNamespaceAsync(string name) =>
        Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });

    public static string Name(int i) => "net-" + i.ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>The macvlan example under another name: what the convergence runs create.</summary>
    public static JsonObject Smc(string ns, string name)
    {
        var smc = (JsonObject)Template.DeepClone();
        smc["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns };
        return smc;
    }

    /// <summary>The NAD the operator must write for <see cref="Smc"/>, rendered offline by Core.</summary>
    public static string ExpectedConfig(string ns, string name) =>
        SmcProcessor.Process(Smc(ns, name), ns, RenderProfile.Documented).Nad?.Spec.Config ?? throw new InvalidOperationException("template does not render");

    /// <summary>A NAD equal to the operator's (minus the owner): the baseline's object, same size on the wire.</summary>
    public static JsonObject Nad(string ns, string name) => new()
    {
        ["apiVersion"] = NadGroup + "/" + NadVersion,
        ["kind"] = "NetworkAttachmentDefinition",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject { ["config"] = ExpectedConfig(ns, name) },
    };

    public Task CreateSmcsAsync(string ns, int n) =>
        Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, ct) =>
            await Client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonObject>(Smc(ns, Name(i)), SmcGroup, SmcVersion, ns, SmcPlural, cancellationToken: ct));

    public Task CreateNadsAsync(string ns, int n) =>
        Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, ct) =>
            await Client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonObject>(Nad(ns, Name(i)), NadGroup, NadVersion, ns, NadPlural, cancellationToken: ct));

    public JsonObject? StoredNad(string ns, string name) => Server.Get(NadGroup + "/" + NadVersion, "NetworkAttachmentDefinition", ns, name);

    /// <summary>
    /// Waits until every expected NAD is stored with the expected config and a controller owner. Reads go
    /// straight to storage, but each read takes the double's global store lock and clones the object, so
    /// the names are checked in creation order and a pass stops at the first one not yet right: each NAD
    /// is read about once, instead of every pending NAD on every pass (which starved the double's request
    /// handlers and made the bench, not the operator, the bottleneck). Returns the stopwatch timestamp at
    /// which the last one was seen.
    /// </summary>
    public async Task<long> WaitForNadsAsync(string ns, IReadOnlyDictionary<string, string> expected, TimeSpan timeout)
    {
        var pending = new Queue<string>(expected.Keys.Order(StringComparer.Ordinal));
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            while (pending.TryPeek(out var name) && StoredNad(ns, name) is { } nad
                && nad["spec"]?["config"]?.GetValue<string>() == expected[name]
                && nad["metadata"]?["ownerReferences"] is JsonArray { Count: > 0 }) pending.Dequeue();
            if (pending.Count == 0) return Stopwatch.GetTimestamp();
            if (Stopwatch.GetTimestamp() > deadline) throw new TimeoutException($"{pending.Count} NADs in {ns} never converged, e.g. {pending.Peek()}");
            await Task.Delay(10);
        }
    }

    /// <summary>Waits until none of the named NADs is stored (after their SMCs were deleted: the garbage collector's work); same reading discipline.</summary>
    public async Task WaitGoneAsync(string ns, IEnumerable<string> names, TimeSpan timeout)
    {
        var pending = new Queue<string>(names.Order(StringComparer.Ordinal));
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            while (pending.TryPeek(out var name) && StoredNad(ns, name) is null) pending.Dequeue();
            if (pending.Count == 0) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{pending.Count} NADs in {ns} not collected");
            await Task.Delay(50);
        }
    }

    public async Task DeleteAllAsync(string ns, string group, string version, string plural) =>
        await Client.CustomObjects.DeleteCollectionNamespacedCustomObjectAsync(group, version, ns, plural, propagationPolicy: "Background");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }

    public static double Seconds(long from, long to) => (double)(to - from) / Stopwatch.Frequency;
}
