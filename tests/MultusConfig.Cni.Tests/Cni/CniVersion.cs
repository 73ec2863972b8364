using System.Globalization;

namespace MultusConfig.Cni.Tests.Cni;

/// <summary>Semantic-version comparisons libcni makes (CHECK needs ≥ 0.4.0, ips lose "version" in 1.0.0).</summary>
public static class CniVersion
{
    public static bool AtLeast(string version, string minimum) => Compare(version, minimum) >= 0;

    /// <summary>CHECK exists from 0.4.0 on.</summary>
    public static bool HasCheck(string version) => AtLeast(version, "0.4.0");

    /// <summary>0.3.0 to 0.4.0 tag each IP with "version"; 1.0.0 dropped the key.</summary>
    public static bool IpsCarryVersion(string version) => AtLeast(version, "0.3.0") && !AtLeast(version, "1.0.0");

    public static int Compare(string a, string b)
    {
        var pa = Parse(a);
        var pb = Parse(b);
        for (var i = 0; i < 3; i++)
        {
            var c = pa[i].CompareTo(pb[i]);
            if (c != 0)
            {
                return c;
            }
        }
        return 0;
    }

    private static int[] Parse(string version)
    {
        var parts = version.Split('.');
        if (parts.Length != 3)
        {
            throw new FormatException($"not a CNI version: '{version}'");
        }
        return [.. parts.Select(p => int.Parse(p, NumberStyles.None, CultureInfo.InvariantCulture))];
    }
}
