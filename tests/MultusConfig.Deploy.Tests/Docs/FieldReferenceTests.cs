using System.Text.Json.Nodes;
using MultusConfig.ApiServer;
using MultusConfig.Core.Api;
using static MultusConfig.Deploy.Tests.Rendered;

namespace MultusConfig.Deploy.Tests.Docs;

public class FieldReferenceTests
{
    [Fact]
    public void The_field_reference_in_docs_is_the_one_generated_from_the_crd()
    {
        var generated = FieldReference.Generate();
        // The update switch is for a person regenerating the file, never set in CI.
        if (Environment.GetEnvironmentVariable("MULTUS_CONFIG_UPDATE_DOCS") == "1") File.WriteAllText(FieldReference.Path, generated);

        Assert.True(File.Exists(FieldReference.Path) && File.ReadAllText(FieldReference.Path) == generated,
            "docs/reference.md is out of date: run MULTUS_CONFIG_UPDATE_DOCS=1 dotnet test tests/MultusConfig.Deploy.Tests -c Release --filter FieldReference");
    }

    [Fact]
    public void The_chinese_field_reference_in_docs_is_the_one_generated_from_the_crd_and_the_translations()
    {
        var generated = FieldReference.GenerateChinese();
        if (Environment.GetEnvironmentVariable("MULTUS_CONFIG_UPDATE_DOCS") == "1") File.WriteAllText(FieldReference.ChinesePath, generated);

        Assert.True(File.Exists(FieldReference.ChinesePath) && File.ReadAllText(FieldReference.ChinesePath) == generated,
            "docs/zh-CN/reference.md is out of date: run MULTUS_CONFIG_UPDATE_DOCS=1 dotnet test tests/MultusConfig.Deploy.Tests -c Release --filter FieldReference");
    }

    [Fact]
    public void Every_text_of_the_field_reference_has_a_chinese_translation_of_its_current_english()
    {
        var problems = ReferenceTranslation.Load(ReferenceTranslation.Path).Problems(FieldReference.EnglishTexts());

        Assert.True(problems.Count == 0, "docs/zh-CN/field-descriptions.yaml: " + string.Join("\n", problems));
    }

    [Fact]
    public void A_field_without_a_translation_a_stale_translation_and_a_translation_of_a_removed_field_are_named()
    {
        var translation = ReferenceTranslation.Parse("""
            fields:
              spec.cniType: {en: "The main CNI plugin.", zh: "主 CNI 插件。"}
              spec.x: {en: "Old English.", zh: "旧译文。"}
              spec.gone: {en: "Removed.", zh: "已删除。"}
            page:
              title: {en: "SpiderMultusConfig field reference", zh: "SpiderMultusConfig 字段参考"}
            """, "test");
        ReferenceText[] english = [ReferenceText.Field("spec.cniType", "The main CNI plugin."), ReferenceText.Field("spec.x", "New English."),
            ReferenceText.Field("spec.new", "Added."), new(ReferenceText.Page, "title", "SpiderMultusConfig field reference")];

        Assert.Equal([
            "translation of spec.x is stale: the English changed; now: New English.",
            "spec.new has no translation: add it under fields with en and zh",
            "translation of spec.gone names a field that no longer exists",
        ], translation.Problems(english));
        Assert.Equal("主 CNI 插件。", translation.Chinese(english[0]));
    }

    [Fact]
    public void The_chinese_field_reference_has_the_english_rows_with_their_names_types_and_defaults()
    {
        static List<string> Rows(string page) => page.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .Select(l => l.Split(" | ")).Select(c => c.Length >= 5 ? $"{c[0].Split('`')[1]} | {c[1]} | {c[2]}" : c[0].Split('`')[1]).ToList();

        Assert.Equal(Rows(FieldReference.Generate()), Rows(FieldReference.GenerateChinese()));
    }

    [Fact]
    public void The_field_reference_lists_every_cni_type_block_and_the_coordinator()
    {
        var text = FieldReference.Generate();
        foreach (var field in new[] { "spec.ipam.type", "spec.ipam.ranges[][].subnet", "spec.macvlan.mode", "spec.ipvlan.mode", "spec.cniType", "spec.macvlan.master", "spec.ipvlan", "spec.vlan", "spec.sriov", "spec.ibsriov", "spec.ipoib", "spec.ovs", "spec.customCNI", "spec.coordinator" })
            Assert.Contains($"`{field}", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_fields_we_add_over_spiderpool_say_in_their_description_that_they_are_our_extensions()
    {
        var crd = YamlDocuments.Parse(File.ReadAllText(RepoPaths.Of("deploy", "crds", "spidermultusconfigs.spiderpool.spidernet.io.yaml"))).Single();
        var spec = crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!;
        foreach (var field in new[] { spec["ipam"], spec["macvlan"]!["properties"]!["mode"], spec["ipvlan"]!["properties"]!["mode"] })
            Assert.StartsWith("Our extension, not in Spiderpool's SMC", Str(field!["description"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_crd_field_has_a_description_for_kubectl_explain()
    {
        var crd = YamlDocuments.Parse(File.ReadAllText(RepoPaths.Of("deploy", "crds", "spidermultusconfigs.spiderpool.spidernet.io.yaml"))).Single();
        var schema = crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!;
        var undescribed = new List<string>();
        Collect(schema, "", undescribed);

        Assert.NotNull(Str(schema["description"]));
        Assert.True(undescribed.Count == 0, "fields without a description: " + string.Join(", ", undescribed));

        static void Collect(JsonNode node, string path, List<string> undescribed)
        {
            foreach (var (name, child) in node["properties"]?.AsObject() ?? [])
            {
                var childPath = path.Length == 0 ? name : $"{path}.{name}";
                if (string.IsNullOrWhiteSpace(Str(child!["description"]))) undescribed.Add(childPath);
                Collect(child, childPath, undescribed);
                var items = child["items"];
                for (var itemPath = childPath + "[]"; items is JsonObject; itemPath += "[]", items = items["items"]) Collect(items, itemPath, undescribed);
            }
        }
    }

    [Fact]
    public void The_field_reference_lists_the_annotations_that_change_the_nad_with_the_accepted_cni_versions()
    {
        var text = FieldReference.Generate();
        Assert.Contains("## Annotations", text, StringComparison.Ordinal);
        var annotations = text[text.IndexOf("## Annotations", StringComparison.Ordinal)..];

        foreach (var key in new[] { Annotations.CrName, Annotations.CniVersion, Annotations.CniConfigName, Annotations.ResourceName }.Concat(Annotations.InjectKeys))
            Assert.Contains($"| `{key}` |", annotations, StringComparison.Ordinal);
        foreach (var version in Annotations.SupportedCniVersions) Assert.Contains($"`{version}`", annotations, StringComparison.Ordinal);
    }
}
