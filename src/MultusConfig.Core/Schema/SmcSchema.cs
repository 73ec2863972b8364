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
    private static readonly Lazy<V1CustomResourceDefinition> LazyCrd = new(LoadCrd);
    private static readonly Lazy<StructuralSchema> LazyRoot = new(() => StructuralSchema.FromJson(RootJson()));

    /// <summary>The CRD as shipped.</summary>
    public static V1CustomResourceDefinition Crd => LazyCrd.Value;

    /// <summary>The openAPIV3Schema of the only version.</summary>
    public static StructuralSchema Root => LazyRoot.Value;

    /// <summary>The spec's schema.</summary>
    public static StructuralSchema Spec => Root.Properties!["spec"];

    /// <summary>The openAPIV3Schema as JSON (for tests that compare it with the C# types).</summary>
    public static JsonObject RootJson()
    {
        var schema = Crd.Spec.Versions[0].Schema.OpenAPIV3Schema;
        // A JSON round trip turns the YAML-typed 'items' and 'default' values into plain JSON.
        return JsonNode.Parse(KubernetesJson.Serialize(schema))!.AsObject();
    }

    private static V1CustomResourceDefinition LoadCrd()
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
        return KubernetesJson.Deserialize<V1CustomResourceDefinition>(read.Documents[0].Manifest.ToJsonString());
    }
}
