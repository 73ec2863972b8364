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
    public void The_field_reference_lists_every_cni_type_block_and_the_coordinator()
    {
        var text = FieldReference.Generate();
        foreach (var field in new[] { "spec.cniType", "spec.macvlan.master", "spec.ipvlan", "spec.vlan", "spec.sriov", "spec.ibsriov", "spec.ipoib", "spec.ovs", "spec.customCNI", "spec.coordinator" })
            Assert.Contains($"`{field}", text, StringComparison.Ordinal);
    }
}
