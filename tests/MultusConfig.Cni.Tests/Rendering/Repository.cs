namespace MultusConfig.Cni.Tests.Rendering;

/// <summary>Finds the repository root (where MultusConfig.slnx lives) from the test's output directory.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    public static string ExamplesDir => Path.Combine(Root, "examples");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MultusConfig.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("MultusConfig.slnx not found above " + AppContext.BaseDirectory);
    }
}
