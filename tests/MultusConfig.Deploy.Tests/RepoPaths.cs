namespace MultusConfig.Deploy.Tests;

/// <summary>The repository root: the folder holding MultusConfig.slnx above the test assembly.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MultusConfig.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("repository root not found");
    }
}
