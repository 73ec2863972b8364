using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// What a workload knows it did, for the invariant checker: which SMCs exist and whether it meant them
/// valid, the foreign labels and annotations it put on NADs, the NADs it created that the operator
/// must leave alone, and the configs of NADs it expects to be adopted. Keys are "namespace/name".
/// </summary>
internal sealed class WorkloadLedger
{
    /// <summary>Live SMCs → whether the workload meant them valid.</summary>
    public ConcurrentDictionary<string, bool> Smcs { get; } = new(StringComparer.Ordinal);

    /// <summary>NAD key → foreign labels (and the same keys as annotations) the workload added and expects to survive.</summary>
    public ConcurrentDictionary<string, ConcurrentDictionary<string, string>> Marks { get; } = new(StringComparer.Ordinal);

    /// <summary>NADs no SMC may change (no SMC targets them, or only an invalid one does), as the workload created them.</summary>
    public ConcurrentDictionary<string, JsonObject> Untouchable { get; } = new(StringComparer.Ordinal);

    /// <summary>NADs that existed before their valid SMC → their config, which adoption must keep in previous-config.</summary>
    public ConcurrentDictionary<string, string> Adopted { get; } = new(StringComparer.Ordinal);

    /// <summary>NAD names of SMCs that were never valid and had no NAD before: the operator never writes them.</summary>
    public ConcurrentDictionary<string, byte> NeverRendered { get; } = new(StringComparer.Ordinal);

    public int Creates;
    public int Updates;
    public int Deletes;
    public int MarksAdded;

    public int Churned => Volatile.Read(ref Creates) + Volatile.Read(ref Updates) + Volatile.Read(ref Deletes);

    public static string Key(string ns, string name) => ns + "/" + name;

    public void Mark(string nadKey, string key, string value) =>
        Marks.GetOrAdd(nadKey, _ => new ConcurrentDictionary<string, string>(StringComparer.Ordinal))[key] = value;
}
