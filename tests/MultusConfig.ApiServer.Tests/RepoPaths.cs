namespace MultusConfig.ApiServer.Tests;

/// <summary>Where the CRDs under test live: our deploy/crds when present, the fixture otherwise.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string NadCrd => Path.Combine(Root, "tests", "fixtures", "crds", "network-attachment-definitions.k8s.cni.cncf.io.yaml");

    /// <summary>The shipped SpiderMultusConfig CRD once it exists, so the shipped file is what gets tested.</summary>
    public static string SmcCrd
    {
        get
        {
            var shipped = Path.Combine(Root, "deploy", "crds", "spidermultusconfigs.spiderpool.spidernet.io.yaml");
            return File.Exists(shipped) ? shipped : Path.Combine(Root, "tests", "fixtures", "crds", "fallback", "spidermultusconfigs.spiderpool.spidernet.io.yaml");
        }
    }

    private static string FindRoot() => MultusConfig.Testing.RepositoryRoot.Path;
}
