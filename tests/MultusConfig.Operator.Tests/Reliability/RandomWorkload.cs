using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MultusConfig.ApiServer;
using MultusConfig.Core.Api;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// A seeded workload of independent lanes (each owns its SMC names, so a lane's steps never race each
/// other): creates valid SMCs of several cniTypes and invalid ones, some over a pre-existing NAD
/// (adoption, or an invalid SMC that must leave it alone); updates and deletes them; creates NADs no
/// SMC targets; and puts foreign labels and annotations on NADs. Some updates change an SMC's cniType
/// and annotations, so that keys the operator wrote stop being wanted. Everything it does is written in the
/// <see cref="WorkloadLedger"/>. Names are never reused.
/// </summary>
internal sealed class RandomWorkload(ApiServerDouble server, IKubernetes client, WorkloadLedger ledger, int seed, int targetSmcs, IReadOnlyList<string> namespaces, int lanes = 4)
{
    private const string PreConfig = """{"cniVersion":"0.3.1","name":"pre","type":"bridge"}""";

    private sealed record Item(string Ns, string Name, string Kind, bool Valid, bool Pinned);

    /// <summary>Creates the target number of SMCs and a few unrelated NADs, lanes in parallel.</summary>
    public Task SeedAsync() => Task.WhenAll(Enumerable.Range(0, lanes).Select(l => Task.Run(() => SeedLaneAsync(l))));

    /// <summary>Updates, deletes, recreates and marks until <paramref name="stop"/> is cancelled.</summary>
    public Task ChurnAsync(CancellationToken stop) => Task.WhenAll(Enumerable.Range(0, lanes).Select(l => Task.Run(() => ChurnLaneAsync(l, stop))));

    private readonly List<Item>[] _items = [.. Enumerable.Range(0, lanes).Select(_ => new List<Item>())];
    private readonly int[] _sequence = new int[lanes];
    private readonly Random[] _random = [.. Enumerable.Range(0, lanes).Select(l => new Random(seed * 31 + l))];

    private int PerLane => Math.Max(1, targetSmcs / lanes);

    private async Task SeedLaneAsync(int lane)
    {
        var random = _random[lane];
        for (var i = 0; i < 3; i++)
        {
            var ns = namespaces[random.Next(namespaces.Count)];
            var name = $"foreign-{lane}-{i}";
            ledger.Untouchable[WorkloadLedger.Key(ns, name)] = await CreateNadAsync(ns, name);
        }
        while (_items[lane].Count < PerLane) await CreateSmcAsync(lane);
    }

    private async Task ChurnLaneAsync(int lane, CancellationToken stop)
    {
        var random = _random[lane];
        var items = _items[lane];
        while (!stop.IsCancellationRequested)
        {
            var roll = random.NextDouble();
            if (items.Count < PerLane * 0.9 || (roll < 0.15 && items.Count < PerLane * 1.1)) await CreateSmcAsync(lane);
            else if (roll < 0.50) await UpdateSmcAsync(lane, items[random.Next(items.Count)]);
            else if (roll < 0.65) await DeleteSmcAsync(lane, items[random.Next(items.Count)]);
            else await MarkAsync(lane);
            // Pacing: the workload stands for users, and must leave the operator CPU on a 2-core machine.
            try
            {
                await Task.Delay(random.Next(5, 40), stop);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task CreateSmcAsync(int lane)
    {
        var random = _random[lane];
        var n = _sequence[lane]++;
        var ns = namespaces[random.Next(namespaces.Count)];
        var name = $"w{lane}-{n}";
        var key = WorkloadLedger.Key(ns, name);
        var roll = random.NextDouble();
        var valid = roll < 0.85;
        var preExisting = roll is >= 0.78 and < 0.85 || roll >= 0.95;
        var kind = valid ? SmcCatalog.ValidKinds[random.Next(SmcCatalog.ValidKinds.Length)] : SmcCatalog.InvalidKinds[random.Next(SmcCatalog.InvalidKinds.Length)];
        var spec = valid ? SmcCatalog.Valid(kind, n) : SmcCatalog.Invalid(kind, n);
        var annotations = kind == "custom" ? null : SmcCatalog.Annotations(n);

        if (preExisting)
        {
            var nad = await CreateNadAsync(ns, name);
            if (valid)
            {
                ledger.Adopted[key] = PreConfig;
                ledger.Mark(key, "team.example/pre", "yes");
            }
            else
            {
                ledger.Untouchable[key] = nad;
            }
        }
        else if (!valid)
        {
            ledger.NeverRendered[key] = 1;
        }

        var smc = new SpiderMultusConfig
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Annotations = annotations },
            Spec = KubernetesJson.Deserialize<SpiderMultusConfigSpec>(spec),
        };
        await WorkloadRetry.RunAsync(() => client.CustomObjects.CreateNamespacedCustomObjectAsync(smc, SpiderMultusConfig.Group, SpiderMultusConfig.Version, ns, SpiderMultusConfig.Plural),
            WorkloadRetry.AlreadyExists);
        ledger.Smcs[key] = valid;
        _items[lane].Add(new Item(ns, name, kind, valid, Pinned: preExisting && valid));
        Interlocked.Increment(ref ledger.Creates);
    }

    private async Task UpdateSmcAsync(int lane, Item item)
    {
        var n = _sequence[lane]++;
        if (item.Valid && item.Kind != "custom" && _random[lane].NextDouble() < 0.3)
        {
            await ChangeKindAsync(lane, item, n);
            return;
        }
        var spec = item.Valid ? SmcCatalog.Valid(item.Kind, n) : SmcCatalog.Invalid(item.Kind, n);
        // A merge patch keeps fields the new spec leaves out; specs of one catalog kind always set the same fields.
        var patch = new V1Patch($$"""{"spec":{{spec}}}""", V1Patch.PatchType.MergePatch);
        await WorkloadRetry.RunAsync(() => client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, SpiderMultusConfig.Group, SpiderMultusConfig.Version, item.Ns, SpiderMultusConfig.Plural, item.Name));
        Interlocked.Increment(ref ledger.Updates);
    }

    /// <summary>
    /// Another cniType (sriov to macvlan drops the resourceName the NAD had) and another set of annotations
    /// (keys dropped, keys added): spec and annotations are replaced whole, as kubectl replace would.
    /// </summary>
    private async Task ChangeKindAsync(int lane, Item item, int n)
    {
        var kinds = SmcCatalog.ValidKinds.Where(k => k != "custom" && k != item.Kind).ToArray();
        var kind = kinds[_random[lane].Next(kinds.Length)];
        var annotations = SmcCatalog.Annotations(n);
        var ops = new JsonArray(
            new JsonObject { ["op"] = "replace", ["path"] = "/spec", ["value"] = JsonNode.Parse(SmcCatalog.Valid(kind, n)) },
            new JsonObject { ["op"] = "add", ["path"] = "/metadata/annotations", ["value"] = JsonNode.Parse(KubernetesJson.Serialize(annotations ?? [])) });
        var patch = new V1Patch(ops.ToJsonString(), V1Patch.PatchType.JsonPatch);
        await WorkloadRetry.RunAsync(() => client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, SpiderMultusConfig.Group, SpiderMultusConfig.Version, item.Ns, SpiderMultusConfig.Plural, item.Name));
        var items = _items[lane];
        items[items.IndexOf(item)] = item with { Kind = kind };
        Interlocked.Increment(ref ledger.Updates);
    }

    private async Task DeleteSmcAsync(int lane, Item item)
    {
        // An SMC created over an existing NAD may be deleted before the operator adopted it, which would
        // leave that NAD with no owner and no ledger entry; keep those.
        if (item.Pinned) return;
        await WorkloadRetry.RunAsync(() => client.CustomObjects.DeleteNamespacedCustomObjectAsync(SpiderMultusConfig.Group, SpiderMultusConfig.Version, item.Ns, SpiderMultusConfig.Plural, item.Name),
            WorkloadRetry.NotFound);
        var key = WorkloadLedger.Key(item.Ns, item.Name);
        ledger.Smcs.TryRemove(key, out _);
        if (!ledger.Untouchable.ContainsKey(key)) ledger.Marks.TryRemove(key, out _);
        _items[lane].Remove(item);
        Interlocked.Increment(ref ledger.Deletes);
    }

    /// <summary>Puts a foreign label and annotation on the NAD of a valid SMC, or on an unrelated NAD.</summary>
    private async Task MarkAsync(int lane)
    {
        var random = _random[lane];
        string ns, name;
        var valid = _items[lane].Where(i => i.Valid).ToList();
        if (valid.Count == 0 || random.NextDouble() < 0.1)
        {
            var foreign = ledger.Untouchable.Keys.Where(k => k.Contains($"/foreign-{lane}-", StringComparison.Ordinal)).ToList();
            if (foreign.Count == 0) return;
            var parts = foreign[random.Next(foreign.Count)].Split('/');
            (ns, name) = (parts[0], parts[1]);
        }
        else
        {
            var item = valid[random.Next(valid.Count)];
            (ns, name) = (item.Ns, item.Name);
        }
        if (server.Get("k8s.cni.cncf.io/v1", "NetworkAttachmentDefinition", ns, name) is null) return; // not rendered yet
        var markKey = $"team.example/mark-{lane}";
        var value = "v" + _sequence[lane]++.ToString(CultureInfo.InvariantCulture);
        var body = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { [markKey] = value }, ["annotations"] = new JsonObject { [markKey] = value } } };
        var patch = new V1Patch(body.ToJsonString(), V1Patch.PatchType.MergePatch);
        if (await WorkloadRetry.RunAsync(() => client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, NetworkAttachmentDefinition.Group, NetworkAttachmentDefinition.Version, ns, NetworkAttachmentDefinition.Plural, name),
            WorkloadRetry.NotFound))
        {
            ledger.Mark(WorkloadLedger.Key(ns, name), markKey, value);
            Interlocked.Increment(ref ledger.MarksAdded);
        }
    }

    /// <summary>Creates a NAD as another tool would (no owner, a label and annotation of its own) and returns it as stored.</summary>
    private async Task<JsonObject> CreateNadAsync(string ns, string name)
    {
        var nad = new JsonObject
        {
            ["apiVersion"] = "k8s.cni.cncf.io/v1",
            ["kind"] = "NetworkAttachmentDefinition",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = new JsonObject { ["team.example/pre"] = "yes" },
                ["annotations"] = new JsonObject { ["team.example/pre"] = "yes" },
            },
            ["spec"] = new JsonObject { ["config"] = PreConfig },
        };
        await WorkloadRetry.RunAsync(() => client.CustomObjects.CreateNamespacedCustomObjectAsync(nad, NetworkAttachmentDefinition.Group, NetworkAttachmentDefinition.Version, ns, NetworkAttachmentDefinition.Plural),
            WorkloadRetry.AlreadyExists);
        return server.Get("k8s.cni.cncf.io/v1", "NetworkAttachmentDefinition", ns, name) ?? throw new InvalidOperationException($"NAD {ns}/{name} was not stored");
    }
}
