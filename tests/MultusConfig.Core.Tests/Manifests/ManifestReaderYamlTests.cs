using System.Text.Json.Nodes;
using MultusConfig.Core.Manifests;
using static MultusConfig.Core.Tests.Manifests.ManifestReaderTestText;

namespace MultusConfig.Core.Tests.Manifests;

public class ManifestReaderYamlTests
{
    private const string Smc = """
        apiVersion: spiderpool.spidernet.io/v2beta1
        kind: SpiderMultusConfig
        metadata:
          name: macvlan-ens192
          namespace: kube-system
        spec:
          cniType: macvlan
          enableCoordinator: true
          macvlan:
            master: [ens192]
            vlanID: 0x10
        """;

    [Fact]
    public void A_single_document_becomes_one_object_with_values_typed_as_kubectl_types_them()
    {
        var doc = Assert.Single(ReadOk(Smc).Documents);
        Assert.Equal("SpiderMultusConfig", doc.Kind);
        Assert.Equal("macvlan-ens192", doc.Name);
        Assert.Equal(1, doc.Document);
        Assert.Null(doc.Item);
        Assert.Equal(1, doc.Line);
        var spec = doc.Manifest["spec"]!.AsObject();
        Assert.True(spec["enableCoordinator"]!.GetValue<bool>());
        Assert.Equal(16L, spec["macvlan"]!["vlanID"]!.GetValue<long>());
        Assert.Equal("ens192", spec["macvlan"]!["master"]![0]!.GetValue<string>());
    }

    [Fact]
    public void Documents_of_a_stream_come_back_in_order_with_their_start_lines()
    {
        var text = "apiVersion: v1\nkind: A\n---\n# comment only\n---\napiVersion: v1\nkind: B\n---\n---\napiVersion: v1\nkind: C\n";
        var docs = ReadOk(text).Documents;
        Assert.Equal(["A", "B", "C"], docs.Select(d => d.Kind));
        Assert.Equal([1, 6, 10], docs.Select(d => d.Line));
        Assert.Equal([1, 3, 5], docs.Select(d => d.Document));
    }

    [Theory]
    [InlineData("")]
    [InlineData("---\n")]
    [InlineData("---\n---\n...\n")]
    [InlineData("# nothing here\n")]
    [InlineData("   \n\n")]
    public void Empty_documents_are_skipped_without_error(string text) =>
        Assert.Empty(ReadOk(text).Documents);

    [Fact]
    public void A_v1_List_is_replaced_by_its_items_each_with_its_own_line()
    {
        var text = """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: A
            - apiVersion: v1
              kind: B
            """;
        var docs = ReadOk(text).Documents;
        Assert.Equal(["A", "B"], docs.Select(d => d.Kind));
        Assert.Equal([1, 2], docs.Select(d => d.Item!.Value));
        Assert.Equal([4, 6], docs.Select(d => d.Line));
        Assert.All(docs, d => Assert.Null(d.Manifest.Parent));
    }

    [Fact]
    public void A_typed_list_kind_with_items_is_expanded_too()
    {
        var text = "apiVersion: spiderpool.spidernet.io/v2beta1\nkind: SpiderMultusConfigList\nitems:\n- {apiVersion: spiderpool.spidernet.io/v2beta1, kind: SpiderMultusConfig, metadata: {name: a}}\n";
        var doc = Assert.Single(ReadOk(text).Documents);
        Assert.Equal("a", doc.Name);
    }

    [Fact]
    public void A_list_without_items_yields_no_objects() =>
        Assert.Empty(ReadOk("apiVersion: v1\nkind: List\n").Documents);

    [Fact]
    public void A_list_item_that_is_not_an_object_is_an_error_at_its_line()
    {
        var error = SingleError("apiVersion: v1\nkind: List\nitems:\n- [1, 2]\n");
        Assert.Equal(4, error.Line);
        Assert.Contains("item 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("- a\n- b\n", "a sequence")]
    [InlineData("just a string\n", "a string")]
    [InlineData("42\n", "a number")]
    [InlineData("true\n", "a boolean")]
    public void A_top_level_document_that_is_not_a_mapping_is_an_error(string text, string what)
    {
        var error = SingleError(text);
        Assert.Equal(1, error.Line);
        Assert.Contains(what, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}", "kind")]
    [InlineData("metadata: {name: x}\n", "kind")]
    [InlineData("kind: SpiderMultusConfig\n", "apiVersion")]
    [InlineData("apiVersion: v1\nkind: 5\n", "kind")]
    public void An_object_without_apiVersion_or_kind_is_an_error(string text, string missing)
    {
        var error = SingleError(text);
        Assert.Contains($"'{missing}' is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_key_is_an_error_naming_both_lines_and_drops_only_its_document()
    {
        var text = "apiVersion: v1\nkind: A\nmetadata:\n  name: x\n  name: y\n---\napiVersion: v1\nkind: B\n";
        var result = ManifestReader.Read(text);
        var error = Assert.Single(result.Errors);
        Assert.Equal(5, error.Line);
        Assert.Equal(3, error.Column);
        Assert.Contains("\"name\" already defined at line 4", error.Message, StringComparison.Ordinal);
        Assert.Equal("B", Assert.Single(result.Documents).Kind);
    }

    [Fact]
    public void Keys_that_differ_in_yaml_but_convert_to_the_same_json_name_are_duplicates()
    {
        var error = SingleError("apiVersion: v1\nkind: A\nyes: 1\ntrue: 2\n");
        Assert.Equal(4, error.Line);
        Assert.Contains("\"true\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Boolean_and_number_keys_become_their_text_like_sigs_k8s_yaml()
    {
        var doc = Assert.Single(ReadOk("apiVersion: v1\nkind: A\ndata:\n  on: 1\n  010: 2\n  1.5: 3\n").Documents);
        var data = doc.Manifest["data"]!.AsObject();
        Assert.Equal(["true", "8", "1.5"], data.Select(p => p.Key));
    }

    [Fact]
    public void A_tab_used_for_indentation_is_an_error_with_its_line()
    {
        var error = SingleError("apiVersion: v1\nkind: A\nspec:\n\tcniType: macvlan\n");
        Assert.Equal(4, error.Line);
        Assert.DoesNotContain("Line:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tab_inside_a_quoted_value_is_kept()
    {
        var doc = Assert.Single(ReadOk("apiVersion: v1\nkind: A\nx: \"a\tb\"\n").Documents);
        Assert.Equal("a\tb", doc.Manifest["x"]!.GetValue<string>());
    }

    [Fact]
    public void A_syntax_error_reports_line_and_column_and_keeps_the_documents_before_it()
    {
        var result = ManifestReader.Read("apiVersion: v1\nkind: A\n---\napiVersion: v1\nkind: [B\n");
        Assert.Equal("A", Assert.Single(result.Documents).Kind);
        var error = Assert.Single(result.Errors);
        Assert.True(error.Line >= 5, error.ToString());
    }

    [Fact]
    public void Quoted_and_tagged_scalars_stay_strings()
    {
        var doc = Assert.Single(ReadOk("apiVersion: v1\nkind: A\na: \"true\"\nb: '0x10'\nc: !!str 12\nd: |\n  yes\ne: !!float 1\n").Documents);
        Assert.Equal("true", doc.Manifest["a"]!.GetValue<string>());
        Assert.Equal("0x10", doc.Manifest["b"]!.GetValue<string>());
        Assert.Equal("12", doc.Manifest["c"]!.GetValue<string>());
        Assert.Equal("yes\n", doc.Manifest["d"]!.GetValue<string>());
        Assert.Equal(1.0, doc.Manifest["e"]!.GetValue<double>());
    }

    [Fact]
    public void A_tag_that_does_not_fit_the_value_is_an_error()
    {
        var error = SingleError("apiVersion: v1\nkind: A\nx: !!int abc\n");
        Assert.Equal(3, error.Line);
        Assert.Contains("as a !!int", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".inf")]
    [InlineData("-.inf")]
    [InlineData(".nan")]
    public void Infinite_and_nan_floats_are_errors_because_json_cannot_hold_them(string plain)
    {
        var error = SingleError($"apiVersion: v1\nkind: A\nx: {plain}\n");
        Assert.Equal(3, error.Line);
        Assert.Contains("no JSON representation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_values_are_kept_as_json_nulls()
    {
        var doc = Assert.Single(ReadOk("apiVersion: v1\nkind: A\na:\nb: ~\nc: null\n").Documents);
        Assert.True(doc.Manifest.ContainsKey("a"));
        Assert.Null(doc.Manifest["a"]);
        Assert.Null(doc.Manifest["b"]);
        Assert.Null(doc.Manifest["c"]);
    }

    [Fact]
    public void Aliases_copy_their_anchor_and_merge_keys_fill_missing_members_only()
    {
        var text = """
            apiVersion: v1
            kind: A
            base: &base {mode: bridge, mtu: 1500}
            copy: *base
            merged:
              <<: *base
              mtu: 9000
            """;
        var doc = Assert.Single(ReadOk(text).Documents);
        Assert.Equal("bridge", doc.Manifest["copy"]!["mode"]!.GetValue<string>());
        Assert.Equal(9000L, doc.Manifest["merged"]!["mtu"]!.GetValue<long>());
        Assert.Equal("bridge", doc.Manifest["merged"]!["mode"]!.GetValue<string>());
        Assert.False(doc.Manifest["merged"]!.AsObject().ContainsKey("<<"));
    }

    [Fact]
    public void An_alias_to_an_unknown_anchor_is_an_error()
    {
        var error = SingleError("apiVersion: v1\nkind: A\nx: *nowhere\n");
        Assert.Contains("unknown anchor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_billion_laughs_document_is_stopped_by_the_node_budget()
    {
        var lines = new List<string> { "apiVersion: v1", "kind: A", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]" };
        for (var i = 1; i <= 9; i++)
        {
            var refs = string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9));
            lines.Add($"a{i}: &a{i} [{refs}]");
        }
        var result = ManifestReader.Read(string.Join("\n", lines) + "\n");
        Assert.Empty(result.Documents);
        var error = Assert.Single(result.Errors);
        Assert.Contains("expands to more than", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line >= 3, error.ToString());
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_stack_overflow()
    {
        var text = "apiVersion: v1\nkind: A\nx: " + new string('[', 100_000) + new string(']', 100_000) + "\n";
        var error = Assert.Single(ManifestReader.Read(text).Errors);
        Assert.Contains("nested more than", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void A_ten_megabyte_string_value_is_read_whole()
    {
        var big = new string('x', 10 * 1024 * 1024);
        var doc = Assert.Single(ReadOk($"apiVersion: v1\nkind: A\nmetadata:\n  name: {big}\n").Documents);
        Assert.Equal(big.Length, doc.Name.Length);
    }

    [Fact]
    public void An_unpaired_surrogate_escape_is_an_error()
    {
        var error = SingleError("apiVersion: v1\nkind: A\nx: \"\\ud800\"\n");
        Assert.Equal(3, error.Line);
        Assert.Contains("surrogate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_surrogate_pair_escape_is_one_character()
    {
        var doc = Assert.Single(ReadOk("apiVersion: v1\nkind: A\nx: \"\\ud83d\\ude00\"\n").Documents);
        Assert.Equal("\U0001F600", doc.Manifest["x"]!.GetValue<string>());
    }

    [Fact]
    public void A_mapping_used_as_a_key_is_an_error()
    {
        var error = SingleError("apiVersion: v1\nkind: A\n? {a: 1}\n: x\n");
        Assert.Contains("cannot be used as a mapping key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Returned_objects_are_plain_json_that_serializes()
    {
        var doc = Assert.Single(ReadOk(Smc).Documents);
        var json = doc.Manifest.ToJsonString();
        Assert.Equal(doc.Manifest.ToJsonString(), JsonNode.Parse(json)!.ToJsonString());
        Assert.Contains("\"vlanID\":16", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_convert_to_any_numeric_type_as_parsed_json_does()
    {
        var doc = Assert.Single(ReadOk("apiVersion: v1\nkind: A\nvlan: 100\nrate: 1.0\n").Documents);
        Assert.Equal(100.0, doc.Manifest["vlan"]!.GetValue<double>());
        Assert.Equal(100, doc.Manifest["vlan"]!.GetValue<int>());
        Assert.Equal(1, doc.Manifest["rate"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: A\nx: a\u0000b\n", 3, 5)]
    [InlineData("apiVersion: v1\nkind: A\n\u0000trailing: ignored\n", 3, 1)]
    [InlineData("apiVersion: v1\nkind: A\nx: \u0007\n", 3, 4)]
    public void Control_characters_are_errors_so_nothing_after_them_is_silently_dropped(string text, int line, int column)
    {
        var error = SingleError(text);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains("control character", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_anchored_merge_source_still_reads_whole_through_a_later_alias()
    {
        var doc = Assert.Single(ReadOk("apiVersion: v1\nkind: A\nfirst:\n  <<: &m {a: 1, b: 2}\n  b: 3\nagain: *m\n").Documents);
        Assert.Equal("""{"a":1,"b":2}""", doc.Manifest["again"]!.ToJsonString());
        Assert.Equal("""{"b":3,"a":1}""", doc.Manifest["first"]!.ToJsonString());
    }
}
