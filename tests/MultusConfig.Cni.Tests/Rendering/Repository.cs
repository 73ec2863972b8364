namespace MultusConfig.Cni.Tests.Rendering;

/// <summary>Finds the repository root (where MultusConfig.slnx lives) from the test's output directory.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    public static string ExamplesDir => Path.Combine(Root, "examples");

    private static string Find() => MultusConfig.Testing.RepositoryRoot.Path;
}
