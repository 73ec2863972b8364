using System.Text.RegularExpressions;

namespace MultusConfig.Core.Validation;

/// <summary>
/// Name syntaxes: Kubernetes' (DNS-1123, qualified names, label values), the kernel's interface
/// names and CNI network names. Each check returns the problems in the API server's words, or none.
/// </summary>
internal static partial class Names
{
    private const int Dns1123SubdomainMaxLength = 253;
    private const int Dns1123LabelMaxLength = 63;
    private const int QualifiedNameMaxLength = 63;
    private const int LabelValueMaxLength = 63;
    /// <summary>IFNAMSIZ is 16 including the terminating NUL.</summary>
    public const int InterfaceNameMaxLength = 15;

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex QualifiedNamePart();

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.\\-]*$")]
    private static partial Regex CniName();

    // The Is* checks answer "no errors?" without an enumerator: the common, valid case allocates nothing.

    public static bool IsDns1123Subdomain(ReadOnlySpan<char> value) => value.Length <= Dns1123SubdomainMaxLength && Dns1123Subdomain().IsMatch(value);

    public static bool IsDns1123Label(string value) => value.Length <= Dns1123LabelMaxLength && Dns1123Label().IsMatch(value);

    public static bool IsQualifiedName(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? value.AsSpan() : value.AsSpan(slash + 1);
        if (slash >= 0 && (slash == 0 || !IsDns1123Subdomain(value.AsSpan(0, slash)))) return false;
        return name.Length is > 0 and <= QualifiedNameMaxLength && QualifiedNamePart().IsMatch(name);
    }

    public static bool IsLabelValue(string value) => value.Length == 0 || (value.Length <= LabelValueMaxLength && QualifiedNamePart().IsMatch(value));

    public static IEnumerable<string> Dns1123SubdomainErrors(string value)
    {
        if (value.Length > Dns1123SubdomainMaxLength) yield return $"must be no more than {Dns1123SubdomainMaxLength} characters";
        if (!Dns1123Subdomain().IsMatch(value))
            yield return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com')";
    }

    public static IEnumerable<string> Dns1123LabelErrors(string value)
    {
        if (value.Length > Dns1123LabelMaxLength) yield return $"must be no more than {Dns1123LabelMaxLength} characters";
        if (!Dns1123Label().IsMatch(value))
            yield return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name')";
    }

    /// <summary>Annotation and label keys: an optional DNS subdomain prefix and '/', then a name of at most 63 characters.</summary>
    public static IEnumerable<string> QualifiedNameErrors(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? value : value[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = value[..slash];
            if (prefix.Length == 0) yield return "prefix part must be non-empty";
            else foreach (var e in Dns1123SubdomainErrors(prefix)) yield return "prefix part " + e;
        }
        if (name.Length == 0) { yield return "name part must be non-empty"; yield break; }
        if (name.Length > QualifiedNameMaxLength) yield return $"name part must be no more than {QualifiedNameMaxLength} characters";
        if (!QualifiedNamePart().IsMatch(name))
            yield return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', 'my.name', or '123-abc')";
    }

    public static IEnumerable<string> LabelValueErrors(string value)
    {
        if (value.Length == 0) yield break;
        if (value.Length > LabelValueMaxLength) yield return $"must be no more than {LabelValueMaxLength} characters";
        if (!QualifiedNamePart().IsMatch(value))
            yield return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', 'my_value', or '12345')";
    }

    /// <summary>The CNI specification's network name: letters, digits, '_', '.', '-', starting with a letter or digit.</summary>
    public static IEnumerable<string> CniNetworkNameErrors(string value)
    {
        if (!CniName().IsMatch(value))
            yield return "a CNI network name must consist of alphanumeric characters, '_', '.' or '-', and must start with an alphanumeric character";
    }

    /// <summary>The kernel's rule for link names (dev_valid_name): 1-15 bytes, not '.' or '..', no '/', ':' or whitespace.</summary>
    public static string? InterfaceNameError(string value)
    {
        if (value.Length == 0) return "must not be empty";
        if (System.Text.Encoding.UTF8.GetByteCount(value) > InterfaceNameMaxLength)
            return $"must be no more than {InterfaceNameMaxLength} bytes (the kernel's limit for interface names)";
        if (value is "." or "..") return "must not be '.' or '..'";
        foreach (var c in value)
        {
            if (c is '/' or ':' || char.IsWhiteSpace(c) || char.IsControl(c))
                return "must not contain '/', ':', whitespace or control characters (the kernel refuses such interface names)";
        }
        return null;
    }
}
