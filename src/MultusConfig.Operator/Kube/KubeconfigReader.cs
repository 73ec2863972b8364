using System.Security.Cryptography;
using System.Text;
using MultusConfig.Operator.Hosting;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MultusConfig.Operator.Kube;

/// <summary>
/// Reads kubeconfig files with YamlDotNet's parser and representation model (no reflection deserializer: trim- and
/// AOT-clean, and none of KubernetesClient's model registration). Several files merge as kubectl merges $KUBECONFIG
/// (client-go tools/clientcmd/loader.go): the first file that sets current-context wins, and the first file that
/// names a cluster, context or user wins for that name. Relative file paths in an entry are read against the folder
/// of the file the entry came from. Supported: server, certificate-authority(-data), insecure-skip-tls-verify,
/// tls-server-name, client-certificate(-data), client-key(-data), token, tokenFile. Every error names the file and the key.
/// </summary>
public static class KubeconfigReader
{
    /// <summary>One named entry (cluster, context, user) and the file it came from.</summary>
    private sealed record Entry(string Name, YamlMappingNode Body, string File);

    private sealed class Merged
    {
        public string? CurrentContext;
        public string? CurrentContextFile;
        public Dictionary<string, Entry> Clusters { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, Entry> Contexts { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, Entry> Users { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>Reads one file or merges several (in the given order) into the connection of their current context.</summary>
    public static KubeConnection Load(IReadOnlyList<string> paths, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0) throw new ArgumentException("no kubeconfig file", nameof(paths));
        var merged = new Merged();
        foreach (var path in paths) Add(merged, Path.GetFullPath(path));
        var files = string.Join(", ", paths.Select(Path.GetFullPath));
        if (string.IsNullOrEmpty(merged.CurrentContext)) throw new ConfigurationException($"kubeconfig {files}: current-context is not set");
        var context = Find(merged.Contexts, merged.CurrentContext, "context", merged.CurrentContextFile!);
        var clusterName = Required(context, "context", "cluster");
        var cluster = Find(merged.Clusters, clusterName, "cluster", context.File);
        var userName = Scalar(context, "context", "user");
        var user = string.IsNullOrEmpty(userName) ? null : Find(merged.Users, userName, "user", context.File);

        var connection = ReadCluster(cluster) with
        {
            Namespace = Scalar(context, "context", "namespace") is { Length: > 0 } ns ? ns : null,
            Source = $"kubeconfig {context.File} (context \"{context.Name}\")",
        };
        return user is null ? connection : ReadUser(user, connection, time);
    }

    private static void Add(Merged merged, string file)
    {
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            using (var reader = new StringReader(File.ReadAllText(file))) stream.Load(reader);
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
                throw new ConfigurationException($"kubeconfig {file} is empty");
            root = stream.Documents[0].RootNode as YamlMappingNode ?? throw new ConfigurationException($"kubeconfig {file}: not a mapping of keys to values");
        }
        catch (YamlException e)
        {
            throw new ConfigurationException($"kubeconfig {file}: line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"kubeconfig {file}: {e.Message}", e);
        }
        if (merged.CurrentContext is null or "" && Child(root, "current-context") is YamlScalarNode { Value: { Length: > 0 } current })
        {
            merged.CurrentContext = current;
            merged.CurrentContextFile = file;
        }
        AddEntries(merged.Clusters, root, "clusters", "cluster", file);
        AddEntries(merged.Contexts, root, "contexts", "context", file);
        AddEntries(merged.Users, root, "users", "user", file);
    }

    private static void AddEntries(Dictionary<string, Entry> into, YamlMappingNode root, string listKey, string bodyKey, string file)
    {
        switch (Child(root, listKey))
        {
            case null or YamlScalarNode { Value: null or "" or "null" or "~" }:
                return;
            case YamlSequenceNode list:
                foreach (var item in list)
                {
                    if (item is not YamlMappingNode entry || Child(entry, "name") is not YamlScalarNode { Value: { Length: > 0 } name })
                        throw new ConfigurationException($"kubeconfig {file}: line {item.Start.Line}: {listKey}: an entry without a name");
                    if (Child(entry, bodyKey) is not YamlMappingNode body)
                        throw new ConfigurationException($"kubeconfig {file}: {listKey}: \"{name}\" has no {bodyKey} mapping");
                    into.TryAdd(name, new Entry(name, body, file));
                }
                return;
            default:
                throw new ConfigurationException($"kubeconfig {file}: {listKey}: not a list");
        }
    }

    private static KubeConnection ReadCluster(Entry cluster)
    {
        var server = Required(cluster, "cluster", "server");
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            throw Error(cluster, "cluster", "server", $"\"{server}\" is not an http(s) URL");
        var insecure = Scalar(cluster, "cluster", "insecure-skip-tls-verify") is { Length: > 0 } flag
            && (bool.TryParse(flag, out var b) ? b : throw Error(cluster, "cluster", "insecure-skip-tls-verify", $"\"{flag}\" is not true or false"));
        var caPem = Bytes(cluster, "cluster", "certificate-authority-data", "certificate-authority");
        return new KubeConnection
        {
            Server = uri,
            InsecureSkipTlsVerify = insecure,
            TlsServerName = Scalar(cluster, "cluster", "tls-server-name") is { Length: > 0 } sni ? sni : null,
            CertificateAuthorities = caPem is null ? null : Guard(cluster, "cluster", caPem.Value.Key, () => Pem.Certificates(Encoding.UTF8.GetString(caPem.Value.Bytes))),
        };
    }

    private static KubeConnection ReadUser(Entry user, KubeConnection connection, TimeProvider? time)
    {
        foreach (var unsupported in (string[])["exec", "auth-provider", "username"])
        {
            if (Child(user.Body, unsupported) is not null)
                throw Error(user, "user", unsupported, "not supported by the operator: give the user a token, tokenFile or client certificate");
        }
        var cert = Bytes(user, "user", "client-certificate-data", "client-certificate");
        var key = Bytes(user, "user", "client-key-data", "client-key");
        if ((cert is null) != (key is null))
            throw Error(user, "user", cert is null ? "client-certificate" : "client-key", $"is missing: a client certificate needs both client-certificate(-data) and client-key(-data)");
        var clientCertificate = cert is null ? null : Guard(user, "user", cert.Value.Key,
            () => Pem.CertificateWithKey(Encoding.UTF8.GetString(cert.Value.Bytes), Encoding.UTF8.GetString(key!.Value.Bytes)));
        // kubeconfig's tokenFile "will be periodically read and the last successfully read value takes precedence over
        // Token" (client-go tools/clientcmd/api/types.go).
        BearerToken? token = null;
        if (Scalar(user, "user", "tokenFile") is { Length: > 0 } tokenFile)
        {
            var path = Resolve(user, tokenFile);
            token = Guard(user, "user", "tokenFile", () => BearerToken.FromFile(path, time));
        }
        else if (Scalar(user, "user", "token") is { Length: > 0 } fixedToken)
        {
            token = BearerToken.Fixed(fixedToken);
        }
        return connection with { ClientCertificate = clientCertificate, Token = token };
    }

    /// <summary>The bytes of <paramref name="dataKey"/> (base64) or of the file <paramref name="fileKey"/> names, and which it was (for errors); null when neither is set.</summary>
    private static (byte[] Bytes, string Key)? Bytes(Entry entry, string kind, string dataKey, string fileKey)
    {
        if (Scalar(entry, kind, dataKey) is { Length: > 0 } data)
        {
            try
            {
                return (Convert.FromBase64String(data), dataKey);
            }
            catch (FormatException)
            {
                throw Error(entry, kind, dataKey, "not base64");
            }
        }
        if (Scalar(entry, kind, fileKey) is not { Length: > 0 } file) return null;
        var path = Resolve(entry, file);
        var bytes = Guard(entry, kind, fileKey, () => File.ReadAllBytes(path));
        return (bytes, $"{fileKey} {path}");
    }

    /// <summary>Relative paths are read against the folder of the file that holds the entry, as kubectl does.</summary>
    private static string Resolve(Entry entry, string path) => Path.GetFullPath(path, Path.GetDirectoryName(entry.File)!);

    private static T Guard<T>(Entry entry, string kind, string key, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw Error(entry, kind, key, e.Message);
        }
    }

    private static Entry Find(Dictionary<string, Entry> entries, string name, string kind, string file) =>
        entries.TryGetValue(name, out var entry) ? entry : throw new ConfigurationException($"kubeconfig {file}: {kind} \"{name}\" is not defined");

    private static string Required(Entry entry, string kind, string key) =>
        Scalar(entry, kind, key) is { Length: > 0 } value ? value : throw Error(entry, kind, key, "is missing");

    private static string? Scalar(Entry entry, string kind, string key) => Child(entry.Body, key) switch
    {
        null => null,
        YamlScalarNode scalar => scalar.Value,
        _ => throw Error(entry, kind, key, "not a single value"),
    };

    private static YamlNode? Child(YamlMappingNode map, string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static ConfigurationException Error(Entry entry, string kind, string key, string problem) =>
        new($"kubeconfig {entry.File}: {kind} \"{entry.Name}\": {key}: {problem}");
}
