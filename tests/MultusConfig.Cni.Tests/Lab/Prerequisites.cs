namespace MultusConfig.Cni.Tests.Lab;

/// <summary>
/// What the suite needs from the machine. Not being root is the one thing a test run cannot fix: the
/// tests are then reported as skipped with the reason. Anything else missing fails every test with this
/// message (never a silent pass), since ./test.sh installs the plugins and iproute2 when it runs as root.
/// </summary>
public static class Prerequisites
{
    public const string PluginDir = "/usr/lib/cni";

    private static readonly Lazy<string?> Problem = new(Find);

    /// <summary>Null when the suite can run, else why not.</summary>
    public static string? Missing => Problem.Value;

    public static void Require()
    {
        Skip.If(!IsRoot, $"CNI tests need root (network namespaces, setns); running as '{Environment.UserName}'");
        if (Missing is { } why)
        {
            throw new InvalidOperationException("CNI tests cannot run on this machine: " + why);
        }
    }

    private static bool IsRoot => string.Equals(Environment.UserName, "root", StringComparison.Ordinal);

    private static string? Find()
    {
        var problems = new List<string>();
        if (!File.Exists("/usr/sbin/ip") && !File.Exists("/usr/bin/ip") && !File.Exists("/sbin/ip"))
        {
            problems.Add("iproute2 ('ip') is not installed: apt-get install -y iproute2");
        }
        foreach (var plugin in new[] { "macvlan", "ipvlan", "vlan", "bridge", "host-device", "tuning", "static" })
        {
            if (!File.Exists(Path.Combine(PluginDir, plugin)))
            {
                problems.Add($"{PluginDir}/{plugin} is missing: apt-get install -y containernetworking-plugins");
                break;
            }
        }
        if (!File.Exists("/bin/bash") || !File.Exists("/usr/bin/base64"))
        {
            problems.Add("the stand-in scripts need /bin/bash and base64 (coreutils)");
        }
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }
}
