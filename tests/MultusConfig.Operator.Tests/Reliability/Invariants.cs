using System.Globalization;
using System.Text.Json.Nodes;
using MultusConfig.ApiServer;
using MultusConfig.Core.Api;
using MultusConfig.Core.Pipeline;
using MultusConfig.Core.Rendering;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// The promises of an operator that writes network definitions, checked against the API server
/// double's storage and request log and the workload's ledger. Each method returns violations as
/// sentences naming the object and what differs; an empty list means the invariant holds.
/// </summary>
internal sealed class Invariants(ApiServerDouble server, WorkloadLedger ledger, RenderProfile profile, CrashWatch? crashes = null)
{
    private const string SmcApiVersion = "spiderpool.spidernet.io/v2beta1";
    private const string NadApiVersion = "k8s.cni.cncf.io/v1";
    private const string NadResource = "network-attachment-definitions";
    private int _checks;

    /// <summary>Heap bound after a full collection, for the whole test process (double, operator and workload).</summary>
    public long MaxHeapBytes { get; init; } = 1536L * 1024 * 1024;

    /// <summary>The operator keeps one SMC and one NAD watch; cuts and restarts must not leak more.</summary>
    public int MaxOpenWatches { get; init; } = 10;

    /// <summary>Established client connections to the double; a leak per retry or per cut would pass this quickly.</summary>
    public int MaxConnections { get; init; } = 64;

    /// <summary>How many times any check ran.</summary>
    public int ChecksRun => Volatile.Read(ref _checks);

    /// <summary>Every invariant at once.</summary>
    public IReadOnlyList<string> CheckAll() => [.. CheckStorage(), .. CheckRequestLog(), .. CheckHealth()];

    /// <summary>
    /// Invariants 1 and 3 and the storage half of 2: every valid SMC has exactly its rendered NAD and
    /// Ready=True; every invalid SMC has Ready=False and no NAD of its own (a pre-existing one is
    /// untouched); NADs nobody controls are unchanged; foreign labels and annotations survive; no NAD
    /// outlives its SMC.
    /// </summary>
    public IReadOnlyList<string> CheckStorage()
    {
        Interlocked.Increment(ref _checks);
        var violations = new List<string>();
        var smcs = server.List(SmcApiVersion, SpiderMultusConfig.KindName);
        var nads = server.List(NadApiVersion, "NetworkAttachmentDefinition").ToDictionary(KeyOf, StringComparer.Ordinal);
        var liveByUid = new Dictionary<string, (string NadKey, bool Valid)>(StringComparer.Ordinal);

        foreach (var stored in smcs)
        {
            var key = KeyOf(stored);
            var ns = Str(stored["metadata"]?["namespace"]);
            var uid = Str(stored["metadata"]?["uid"]);
            var generation = Num(stored["metadata"]?["generation"]) ?? 0;
            if (!ledger.Smcs.TryGetValue(key, out var meantValid))
            {
                violations.Add($"SMC {key}: in storage, but the workload deleted it or never created it");
                continue;
            }
            var result = SmcProcessor.Process(stored.DeepClone().AsObject(), ns, profile);
            var nadKey = WorkloadLedger.Key(ns, result.Smc is null ? Str(stored["metadata"]?["name"]) : NadRenderer.TargetName(result.Smc));
            liveByUid[uid] = (nadKey, result.IsValid);
            if (result.IsValid != meantValid)
                violations.Add($"SMC {key}: the workload meant it {(meantValid ? "valid" : "invalid")}, Core says {(result.IsValid ? "valid" : "invalid: " + string.Join("; ", result.Errors))}");
            var ready = (stored["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => Str(c["type"]) == "Ready");
            var readyText = ready is null ? "no Ready condition" : $"Ready={Str(ready["status"])} reason {Str(ready["reason"])} ({Str(ready["message"])})";
            var observed = Num(stored["status"]?["observedGeneration"]);
            nads.TryGetValue(nadKey, out var nad);

            if (result.IsValid)
            {
                if (ready is null || Str(ready["status"]) != "True" || Str(ready["reason"]) != "Synced" || observed != generation)
                    violations.Add($"SMC {key}: want Ready=True reason Synced for generation {generation}; have {readyText}, observedGeneration {observed?.ToString(CultureInfo.InvariantCulture) ?? "none"}");
                if (nad is null)
                {
                    violations.Add($"SMC {key}: no NAD {nadKey}");
                    continue;
                }
                CheckRendered(key, nadKey, uid, Str(stored["metadata"]?["name"]), nad, result.Nad!, violations);
            }
            else
            {
                if (ready is null || Str(ready["status"]) != "False" || Str(ready["reason"]) != "Invalid")
                    violations.Add($"SMC {key} (invalid): want Ready=False reason Invalid; have {readyText}");
                if (nad is not null && !ledger.Untouchable.ContainsKey(nadKey))
                    violations.Add($"SMC {key} (invalid): a NAD {nadKey} exists that was not there before it (owner {Owner(nad)})");
            }
        }

        foreach (var (nadKey, nad) in nads)
        {
            var controller = Controller(nad);
            if (controller is not null && Str(controller["kind"]) == SpiderMultusConfig.KindName)
            {
                if (!liveByUid.TryGetValue(Str(controller["uid"]), out var owner))
                    violations.Add($"NAD {nadKey}: controlled by SMC {Str(controller["name"])} uid {Str(controller["uid"])}, which does not exist (not garbage-collected)");
                else if (owner.NadKey != nadKey)
                    violations.Add($"NAD {nadKey}: controlled by SMC {Str(controller["name"])}, which targets {owner.NadKey}");
                else if (!owner.Valid)
                    violations.Add($"NAD {nadKey}: controlled by the invalid SMC {Str(controller["name"])}");
            }
            else if (!ledger.Untouchable.ContainsKey(nadKey))
            {
                violations.Add($"NAD {nadKey}: no SMC controls it and the workload did not create it (owner {Owner(nad)})");
            }
        }

        foreach (var (nadKey, original) in ledger.Untouchable)
        {
            if (!nads.TryGetValue(nadKey, out var nad))
            {
                violations.Add($"NAD {nadKey}: no SMC controls it, yet it was deleted");
                continue;
            }
            if (Controller(nad) is { } c && Str(c["kind"]) == SpiderMultusConfig.KindName && liveByUid.TryGetValue(Str(c["uid"]), out var o) && o.Valid)
                continue; // adopted by a valid SMC that targets it: checked as that SMC's NAD
            var marks = ledger.Marks.TryGetValue(nadKey, out var m) ? m : null;
            Compare(nadKey, "spec.config", Str(original["spec"]?["config"]), Str(nad["spec"]?["config"]), violations);
            Compare(nadKey, "ownerReferences", original["metadata"]?["ownerReferences"]?.ToJsonString() ?? "", nad["metadata"]?["ownerReferences"]?.ToJsonString() ?? "", violations);
            Compare(nadKey, "annotations", Canonical(original["metadata"]?["annotations"], marks), Canonical(nad["metadata"]?["annotations"], null), violations);
            Compare(nadKey, "labels", Canonical(original["metadata"]?["labels"], marks), Canonical(nad["metadata"]?["labels"], null), violations);
        }

        foreach (var (nadKey, marks) in ledger.Marks)
        {
            if (!nads.TryGetValue(nadKey, out var nad)) continue; // its SMC was deleted, and the NAD with it
            foreach (var (k, v) in marks)
            {
                if (Str(nad["metadata"]?["labels"]?[k]) != v) violations.Add($"NAD {nadKey}: foreign label {k}={v} lost (labels: {nad["metadata"]?["labels"]?.ToJsonString() ?? "none"})");
                if (Str(nad["metadata"]?["annotations"]?[k]) != v) violations.Add($"NAD {nadKey}: foreign annotation {k}={v} lost");
            }
        }
        violations.AddRange(CheckOwnedAnnotations());
        return violations;
    }

    /// <summary>
    /// A NAD's annotations equal the desired set plus foreign keys: no key we once wrote and no longer
    /// want (a resourceName left on a NAD whose SMC became macvlan makes Multus request SR-IOV VFs). Foreign
    /// keys are the workload's marks; ours besides the desired ones are the record of our keys and, after
    /// an adoption, the kept previous config.
    /// </summary>
    public IReadOnlyList<string> CheckOwnedAnnotations()
    {
        Interlocked.Increment(ref _checks);
        var violations = new List<string>();
        var nads = server.List(NadApiVersion, "NetworkAttachmentDefinition").ToDictionary(KeyOf, StringComparer.Ordinal);
        foreach (var stored in server.List(SmcApiVersion, SpiderMultusConfig.KindName))
        {
            var ns = Str(stored["metadata"]?["namespace"]);
            var result = SmcProcessor.Process(stored.DeepClone().AsObject(), ns, profile);
            if (!result.IsValid || result.Smc is null) continue;
            var nadKey = WorkloadLedger.Key(ns, NadRenderer.TargetName(result.Smc));
            if (!nads.TryGetValue(nadKey, out var nad) || Str(Controller(nad)?["uid"]) != Str(stored["metadata"]?["uid"])) continue;
            var allowed = new HashSet<string>(result.Nad!.Metadata.Annotations?.Keys ?? [], StringComparer.Ordinal) { Annotations.ManagedAnnotations, Annotations.PreviousConfig };
            if (ledger.Marks.TryGetValue(nadKey, out var marks)) allowed.UnionWith(marks.Keys);
            foreach (var (k, _) in nad["metadata"]?["annotations"] as JsonObject ?? [])
            {
                if (!allowed.Contains(k)) violations.Add($"NAD {nadKey}: annotation {k} is neither desired nor foreign (the SMC no longer asks for it)");
            }
        }
        return violations;
    }

    private void CheckRendered(string key, string nadKey, string uid, string smcName, JsonObject nad, NetworkAttachmentDefinition desired, List<string> violations)
    {
        Compare(nadKey, "spec.config", desired.Spec.Config, Str(nad["spec"]?["config"]), violations);
        var controllers = (nad["metadata"]?["ownerReferences"] as JsonArray)?.OfType<JsonObject>().Where(o => o["controller"]?.GetValue<bool>() == true).ToList() ?? [];
        if (controllers.Count != 1
            || Str(controllers[0]["uid"]) != uid || Str(controllers[0]["kind"]) != SpiderMultusConfig.KindName
            || Str(controllers[0]["apiVersion"]) != SpiderMultusConfig.GroupVersion || Str(controllers[0]["name"]) != smcName
            || controllers[0]["blockOwnerDeletion"]?.GetValue<bool>() != true)
            violations.Add($"NAD {nadKey}: want one controller reference to SMC {key} uid {uid} with blockOwnerDeletion; have {Owner(nad)}");
        foreach (var (k, v) in desired.Metadata.Annotations ?? new Dictionary<string, string>())
        {
            var have = nad["metadata"]?["annotations"]?[k];
            if (have is null || Str(have) != v) violations.Add($"NAD {nadKey}: annotation {k} want {Cut(v)}, have {(have is null ? "none" : Cut(Str(have)))}");
        }
        if (ledger.Adopted.TryGetValue(nadKey, out var previous) && previous != desired.Spec.Config
            && Str(nad["metadata"]?["annotations"]?[Annotations.PreviousConfig]) != previous)
            violations.Add($"NAD {nadKey}: adopted without keeping its previous config {Cut(previous)} in {Annotations.PreviousConfig}");
    }

    /// <summary>
    /// Invariant 2 from the request log: the operator never deletes a NAD, and never writes a NAD no
    /// SMC may control (one it must leave alone, or the name of an SMC that never rendered).
    /// </summary>
    public IReadOnlyList<string> CheckRequestLog()
    {
        Interlocked.Increment(ref _checks);
        var violations = new List<string>();
        foreach (var r in server.Requests.All)
        {
            if (r.UserAgent != OperatorUserAgent.Value || r.Resource != NadResource) continue;
            if (r.Verb is "delete" or "deletecollection")
                violations.Add($"operator sent {r}");
            else if (r.Verb is "update" or "patch" && r.Name is not null)
            {
                var nadKey = WorkloadLedger.Key(r.Namespace ?? "", r.Name);
                if (ledger.NeverRendered.ContainsKey(nadKey)) violations.Add($"operator wrote NAD {nadKey} of an SMC that was never valid: {r}");
                else if (ledger.Untouchable.TryGetValue(nadKey, out _) && !ledger.Adopted.ContainsKey(nadKey))
                    violations.Add($"operator wrote NAD {nadKey}, which no SMC may control: {r}");
            }
        }
        return violations;
    }

    /// <summary>
    /// A NAD's config never goes back: each config written to a NAD an SMC controls is the rendering of a
    /// generation of that SMC, and the generations its writes carry never decrease (a write is matched to the
    /// newest generation that existed when it was committed and renders to its config; configs no generation
    /// renders, such as a workload's foreign edit, are not the operator's and are skipped).
    /// </summary>
    public IReadOnlyList<string> CheckNadConfigsNeverGoBack(NadConfigHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        Interlocked.Increment(ref _checks);
        var violations = new List<string>();
        foreach (var (nad, writes, generations) in history.Snapshot())
        {
            var rendered = generations.Select(g => (Generation: g.Key, Config: SmcProcessor.Process(g.Value.DeepClone().AsObject(), Str(g.Value["metadata"]?["namespace"]), profile).Nad?.Spec.Config)).ToList();
            long newest = 0;
            foreach (var (config, current) in writes)
            {
                var carried = rendered.Where(r => r.Generation <= current && r.Config == config).Select(r => (long?)r.Generation).Max();
                if (carried is null) continue;
                if (carried < newest)
                    violations.Add($"NAD {nad}: a write went back to the config of SMC generation {carried} after generation {newest} (the SMC was at generation {current}): {Cut(config)}");
                newest = Math.Max(newest, carried.Value);
            }
        }
        return violations;
    }

    /// <summary>Invariant 4: no crashed loop, no unobserved exception, bounded memory, watches and connections.</summary>
    public IReadOnlyList<string> CheckHealth()
    {
        Interlocked.Increment(ref _checks);
        var violations = new List<string>();
        if (crashes is not null)
        {
            CrashWatch.FlushUnobserved();
            violations.AddRange(crashes.Crashes);
        }
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        if (heap > MaxHeapBytes) violations.Add($"GC heap after a full collection is {heap / (1024 * 1024)} MiB (bound {MaxHeapBytes / (1024 * 1024)} MiB)");
        if (server.OpenWatches > MaxOpenWatches) violations.Add($"{server.OpenWatches} watches open on the double (bound {MaxOpenWatches})");
        var connections = EstablishedConnectionsTo(server.HttpsUrl.Port, server.HttpUrl.Port);
        if (connections > MaxConnections) violations.Add($"{connections} established connections to the double (bound {MaxConnections})");
        return violations;
    }

    /// <summary>
    /// Client sockets to these local ports, from /proc/net/tcp and tcp6 (.NET connects to 127.0.0.1 through
    /// dual-mode IPv6 sockets, listed in tcp6); -1 where neither exists.
    /// </summary>
    public static int EstablishedConnectionsTo(params int[] ports)
    {
        string[] tables = ["/proc/net/tcp", "/proc/net/tcp6"];
        if (!tables.Any(File.Exists)) return -1;
        var count = 0;
        foreach (var line in tables.Where(File.Exists).SelectMany(t => File.ReadLines(t).Skip(1)))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 4 || fields[3] != "01") continue; // 01 = ESTABLISHED
            var remotePort = int.Parse(fields[2].AsSpan(fields[2].LastIndexOf(':') + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (ports.Contains(remotePort)) count++;
        }
        return count;
    }

    /// <summary>Polls <paramref name="check"/> until it returns no violation or <paramref name="bound"/> passes; returns the last violations.</summary>
    /// <param name="progress">Called every few seconds with the violations still open, to show what convergence waits for.</param>
    public static async Task<(IReadOnlyList<string> Violations, TimeSpan Elapsed)> EventuallyAsync(Func<IReadOnlyList<string>> check, TimeSpan bound,
        Action<TimeSpan, IReadOnlyList<string>>? progress = null)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var reported = TimeSpan.Zero;
        while (true)
        {
            var violations = check();
            if (violations.Count == 0 || started.Elapsed > bound) return (violations, started.Elapsed);
            if (progress is not null && started.Elapsed - reported >= TimeSpan.FromSeconds(3))
            {
                reported = started.Elapsed;
                progress(reported, violations);
            }
            await Task.Delay(250);
        }
    }

    /// <summary>The first violations, one per line, for an assertion message.</summary>
    public static string Describe(IReadOnlyList<string> violations, int max = 40) =>
        $"{violations.Count} violation(s):\n" + string.Join("\n", violations.Take(max)) + (violations.Count > max ? $"\n... and {violations.Count - max} more" : "");

    private static void Compare(string nadKey, string what, string want, string have, List<string> violations)
    {
        if (want != have) violations.Add($"NAD {nadKey}: {what} want {Cut(want)}, have {Cut(have)}");
    }

    private static string Canonical(JsonNode? map, IReadOnlyDictionary<string, string>? plus)
    {
        var all = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (map is JsonObject o) foreach (var (k, v) in o) all[k] = Str(v);
        if (plus is not null) foreach (var (k, v) in plus) all[k] = v;
        return string.Join(",", all.Select(kv => kv.Key + "=" + kv.Value));
    }

    private static JsonObject? Controller(JsonObject nad) =>
        (nad["metadata"]?["ownerReferences"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(o => o["controller"]?.GetValue<bool>() == true);

    private static string Owner(JsonObject nad) => nad["metadata"]?["ownerReferences"]?.ToJsonString() ?? "none";

    private static string KeyOf(JsonObject o) => WorkloadLedger.Key(Str(o["metadata"]?["namespace"]), Str(o["metadata"]?["name"]));

    private static string Str(JsonNode? n) => n is JsonValue v && v.TryGetValue(out string? s) ? s : n?.ToJsonString() ?? "";

    private static long? Num(JsonNode? n) => n is null ? null : long.Parse(n.ToJsonString(), CultureInfo.InvariantCulture);

    private static string Cut(string s) => s.Length > 300 ? s[..300] + "..." : s;
}
