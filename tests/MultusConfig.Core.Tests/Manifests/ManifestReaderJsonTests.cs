using MultusConfig.Core.Manifests;
using static MultusConfig.Core.Tests.Manifests.ManifestReaderTestText;

namespace MultusConfig.Core.Tests.Manifests;

public class ManifestReaderJsonTests
{
    [Fact]
    public void A_json_object_is_read_with_its_numbers_and_booleans()
    {
        var doc = Assert.Single(ReadOk("""{"apiVersion":"v1","kind":"A","spec":{"vlanID":100,"on":true,"rate":1.5,"none":null}}""").Documents);
        Assert.Equal(100L, doc.Manifest["spec"]!["vlanID"]!.GetValue<long>());
        Assert.True(doc.Manifest["spec"]!["on"]!.GetValue<bool>());
        Assert.Equal(1.5, doc.Manifest["spec"]!["rate"]!.GetValue<double>());
    }

    [Fact]
    public void Several_json_values_in_one_text_are_several_documents_with_lines()
    {
        var docs = ReadOk("{\"apiVersion\":\"v1\",\"kind\":\"A\"}\n\n{\"apiVersion\":\"v1\",\n\"kind\":\"B\"}\n").Documents;
        Assert.Equal(["A", "B"], docs.Select(d => d.Kind));
        Assert.Equal([1, 3], docs.Select(d => d.Line));
        Assert.Equal([1, 2], docs.Select(d => d.Document));
    }

    [Fact]
    public void A_duplicate_json_member_is_an_error_naming_both_lines()
    {
        var error = SingleError("{\"apiVersion\":\"v1\",\n\"kind\":\"A\",\n\"kind\":\"B\"}");
        Assert.Equal(3, error.Line);
        Assert.Contains("\"kind\" already defined at line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_reports_line_and_column()
    {
        var error = SingleError("{\"apiVersion\": \"v1\",\n  \"kind\": \"A\",\n  \"spec\": {\"x\": tru}\n}");
        Assert.Equal(3, error.Line);
        Assert.True(error.Column > 10, error.ToString());
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flow_style_yaml_that_starts_like_json_is_read_as_yaml()
    {
        var doc = Assert.Single(ReadOk("{apiVersion: v1, kind: A, spec: {enabled: yes}}").Documents);
        Assert.True(doc.Manifest["spec"]!["enabled"]!.GetValue<bool>());
    }

    [Fact]
    public void A_number_beyond_double_range_is_an_error()
    {
        var error = SingleError("{\"apiVersion\":\"v1\",\"kind\":\"A\",\"x\":1e400}");
        Assert.Contains("range", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unpaired_surrogate_escape_in_json_is_an_error()
    {
        var error = SingleError("{\"apiVersion\":\"v1\",\"kind\":\"A\",\"x\":\"\\ud800\"}");
        Assert.Contains("surrogate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_list_is_expanded()
    {
        var docs = ReadOk("""{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"A"},{"apiVersion":"v1","kind":"B"}]}""").Documents;
        Assert.Equal(["A", "B"], docs.Select(d => d.Kind));
    }

    [Fact]
    public void An_empty_json_object_is_an_error_for_missing_kind() =>
        Assert.Contains("'kind' is missing", SingleError("{}").Message, StringComparison.Ordinal);

    [Fact]
    public void A_deeply_nested_json_value_is_an_error_not_a_crash()
    {
        var text = "{\"apiVersion\":\"v1\",\"kind\":\"A\",\"x\":" + new string('[', 10_000) + new string(']', 10_000) + "}";
        var error = Assert.Single(ManifestReader.Read(text).Errors);
        Assert.Contains("nested more than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_json_array_is_stopped_by_the_node_budget()
    {
        var text = "{\"apiVersion\":\"v1\",\"kind\":\"A\",\"x\":[" + string.Join(",", Enumerable.Repeat("0", ManifestLimits.MaxNodes + 10)) + "]}";
        var error = Assert.Single(ManifestReader.Read(text).Errors);
        Assert.Contains("expands to more than", error.Message, StringComparison.Ordinal);
    }
}
