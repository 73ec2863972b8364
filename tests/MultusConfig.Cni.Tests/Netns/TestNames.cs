using System.Globalization;
using System.Security.Cryptography;

namespace MultusConfig.Cni.Tests.Netns;

/// <summary>
/// Names of everything the suite creates on the machine. They carry the test process id, so a sweep can
/// tell leftovers of a dead run (safe to delete) from the namespaces of a run still in progress.
/// </summary>
public static class TestNames
{
    /// <summary>Prefix of every namespace and container id this project creates.</summary>
    public const string Prefix = "mccni-";

    private static readonly string ProcessTag = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    /// <summary>A fresh name: prefix, process id, random part, role (e.g. <c>mccni-4242-1a2b3c4d-pod1</c>).</summary>
    public static string Unique(string role) =>
        $"{Prefix}{ProcessTag}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}-{role}";

    /// <summary>The process id a name of ours carries, or null for a name that is not ours.</summary>
    public static int? OwnerProcess(string name)
    {
        if (!name.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var rest = name[Prefix.Length..];
        var dash = rest.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && int.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }
}
