using MultusConfig.Testing;

namespace MultusConfig.Cli.Tests.Native;

/// <summary>The native <c>smc</c> exactly as it ships (see <see cref="PublishedBinaries"/>).</summary>
internal static class PublishedSmc
{
    /// <summary>The folder that holds <c>smc</c> and <c>kubectl-smc</c>.</summary>
    public static string Folder => PublishedBinaries.SmcFolder;

    public static string Smc => Path.Combine(Folder, "smc");
}
