using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MultusConfig.Core.Api;
using MultusConfig.Core.Schema;

namespace MultusConfig.Core.Tests.Schema;

/// <summary>The shipped CRD and the C# types describe the same fields, in both directions.</summary>
public class CrdMatchesTypesTests
{
    [Fact]
    public void Every_spec_field_of_the_types_is_in_the_schema_and_every_schema_field_is_in_the_types()
    {
        var schemaPaths = new SortedSet<string>(StringComparer.Ordinal);
        Collect(SmcSchema.RootJson()["properties"]!["spec"]!.AsObject(), "spec", schemaPaths);
        var typePaths = new SortedSet<string>(StringComparer.Ordinal);
        Collect(typeof(SpiderMultusConfigSpec), "spec", typePaths);

        Assert.Equal(typePaths, schemaPaths);
    }

    [Fact]
    public void Every_status_field_of_the_types_is_in_the_schema()
    {
        var schemaPaths = new SortedSet<string>(StringComparer.Ordinal);
        Collect(SmcSchema.RootJson()["properties"]!["status"]!.AsObject(), "status", schemaPaths);
        Assert.Contains("status.observedGeneration", schemaPaths);
        Assert.Contains("status.networkAttachmentDefinition", schemaPaths);
        Assert.Contains("status.conditions[].type", schemaPaths);
        foreach (var p in typeof(SpiderMultusConfigStatus).GetProperties())
            Assert.Contains("status." + p.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name, schemaPaths);
    }

    [Fact]
    public void Crd_has_a_status_subresource_and_the_printer_columns()
    {
        var version = SmcSchema.Crd.Spec.Versions.Single();
        Assert.NotNull(version.Subresources?.Status);
        Assert.Equal(["CNI Type", "NAD", "Ready", "Age"], version.AdditionalPrinterColumns.Select(c => c.Name));
        Assert.Equal(["smc"], SmcSchema.Crd.Spec.Names.ShortNames);
        Assert.Equal("Namespaced", SmcSchema.Crd.Spec.Scope);
    }

    private static void Collect(JsonObject schema, string path, ISet<string> paths)
    {
        if (schema["properties"] is JsonObject props)
        {
            foreach (var (name, child) in props)
            {
                var childPath = path + "." + name;
                paths.Add(childPath);
                Collect(child!.AsObject(), childPath, paths);
            }
        }
        if (schema["items"] is JsonObject items) Collect(items, path + "[]", paths);
    }

    private static void Collect(Type type, string path, ISet<string> paths)
    {
        foreach (var p in type.GetProperties())
        {
            var name = p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name;
            if (name is null) continue;
            var childPath = path + "." + name;
            paths.Add(childPath);
            var t = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>))
            {
                var item = t.GetGenericArguments()[0];
                var itemPath = childPath + "[]";
                // A list of lists (host-local's ranges) is ranges[][] in the schema.
                while (item.IsGenericType && item.GetGenericTypeDefinition() == typeof(List<>))
                {
                    item = item.GetGenericArguments()[0];
                    itemPath += "[]";
                }
                if (item.Namespace == typeof(SpiderMultusConfigSpec).Namespace) Collect(item, itemPath, paths);
            }
            else if (t.Namespace == typeof(SpiderMultusConfigSpec).Namespace && t.IsClass)
            {
                Collect(t, childPath, paths);
            }
        }
    }
}
