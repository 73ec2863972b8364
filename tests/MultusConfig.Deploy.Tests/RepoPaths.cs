namespace MultusConfig.Deploy.Tests;

/// <summary>The repository root: the folder holding MultusConfig.slnx above the test assembly.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot() => MultusConfig.Testing.RepositoryRoot.Path;
}
