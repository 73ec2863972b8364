using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MultusConfig.Core.Manifests;

namespace MultusConfig.Core.Schema;

/// <summary>
/// The SpiderMultusConfig CRD shipped in deploy/crds, embedded at build time, so that the offline
/// checks and the API server enforce one and the same schema.
/// </summary>
public static class SmcSchema
{
    private const string ResourceName = "spidermultusconfigs.crd.yaml";
    private static readonly Lazy<JsonObject> LazyCrdJson = new(LoadCrdJson);
    private static readonly Lazy<StructuralSchema> LazyRoot = new(() => StructuralSchema.FromJson(RootJson()));

    /// <summary>
    /// The CRD as shipped, as KubernetesClient's typed model. That model is read by the client's reflection
    /// serializer, which native (NativeAOT, trimmed) builds do not have; the offline checks use
    /// <see cref="Root"/>, which is read from the JSON tree alone. Each call returns a new copy.
    /// </summary>
    public static V1CustomResourceDefinition Crd
    {
        [RequiresUnreferencedCode("KubernetesClient's KubernetesJson serializes by reflection.")]
        [RequiresDynamicCode("KubernetesClient's KubernetesJson serializes by reflection.")]
        get => KubernetesJson.Deserialize<V1CustomResourceDefinition>(LazyCrdJson.Value.ToJsonString());
    }

    /// <summary>The openAPIV3Schema of the only version.</summary>
    public static StructuralSchema Root => LazyRoot.Value;

    /// <summary>The spec's schema.</summary>
    public static StructuralSchema Spec => Root.Properties!["spec"];

    /// <summary>The openAPIV3Schema as JSON (for tests that compare it with the C# types).</summary>
    public static JsonObject RootJson()
    {
        // Our YAML reader already yields plain JSON (sigs.k8s.io/yaml's typing), so no round trip through
        // the client's typed model is needed; a copy keeps the cached tree safe from callers.
        var schema = LazyCrdJson.Value["spec"]?["versions"]?[0]?["schema"]?["openAPIV3Schema"] as JsonObject
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} has no spec.versions[0].schema.openAPIV3Schema");
        return schema.DeepClone().AsObject();
    }

    private static JsonObject LoadCrdJson()
    {
        using var stream = typeof(SmcSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from the build");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        // Our own YAML reader, not KubernetesYaml: the client's YAML type map registers every model type
        // of the library on first use, which costs every process that renders about 30 MiB of memory.
        var read = ManifestReader.Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        if (read.Errors.Count > 0 || read.Documents.Count != 1)
            throw new InvalidOperationException($"embedded resource {ResourceName} is not one valid YAML document");
        return read.Documents[0].Manifest;
    }
}
