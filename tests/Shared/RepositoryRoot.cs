namespace MultusConfig.Testing;

/// <summary>
/// The repository root (the folder holding MultusConfig.slnx), found from the test or bench binary's
/// location, so that tests read the shipped examples/, deploy/ and fixtures rather than copies.
/// Compiled into every test project and the benchmarks (Directory.Build.props links it).
/// </summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MultusConfig.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no MultusConfig.slnx above {AppContext.BaseDirectory}");
    }
}
