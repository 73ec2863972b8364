using System.Text.RegularExpressions;
using System.Xml.Linq;
using static MultusConfig.Deploy.Tests.Rendered;

namespace MultusConfig.Deploy.Tests.Image;

/// <summary>The Dockerfile, read statically: no Docker engine runs on our machines.</summary>
public partial class DockerfileTests
{
    private static readonly string[] Lines = File.ReadAllLines(RepoPaths.Of("Dockerfile"))
        .Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();

    private static IEnumerable<string> Instructions(string name) =>
        Lines.Where(l => l.StartsWith(name + " ", StringComparison.Ordinal)).Select(l => l[(name.Length + 1)..].Trim());

    [Fact]
    public void It_builds_on_the_sdk_and_runs_on_the_chiseled_runtime_deps_base_without_a_dotnet_runtime_pinned_by_tag()
    {
        var images = Instructions("FROM").Select(f => f.Split(' ')[0]).ToList();

        // runtime-deps: libc, OpenSSL and certificates only; the native binary needs no .NET runtime.
        Assert.Equal(["mcr.microsoft.com/dotnet/sdk:10.0", "mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled"], images);
        Assert.All(images, i => Assert.DoesNotContain(":latest", i, StringComparison.Ordinal));
    }

    [Fact]
    public void The_runtime_user_is_numeric_non_root_and_the_one_the_deployment_requires()
    {
        var user = Instructions("USER").Last().Split(':');
        var runAsUser = Int(Single(Objects("default"), "Deployment")["spec"]!["template"]!["spec"]!["securityContext"]!["runAsUser"]);

        Assert.All(user, part => Assert.Matches("^[0-9]+$", part));
        Assert.NotEqual("0", user[0]);
        Assert.Equal(runAsUser.ToString(System.Globalization.CultureInfo.InvariantCulture), user[0]);
    }

    [Fact]
    public void Both_deployments_point_the_machine_trust_store_at_paths_that_do_not_exist()
    {
        // The operator trusts the API server through the kubeconfig's or service account's CA alone; loading the
        // image's CA certificates at the first handshake only costs start-up (docs/install.md#image).
        foreach (var objects in new[] { Objects("default"), Helm.ChartRenderer.Render() })
        {
            var env = Single(objects, "Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray()
                .ToDictionary(e => Str(e!["name"])!, e => Str(e!["value"]), StringComparer.Ordinal);
            foreach (var name in new[] { "SSL_CERT_FILE", "SSL_CERT_DIR" })
            {
                Assert.True(env.TryGetValue(name, out var path) && path is not null, $"{name} is not set");
                Assert.StartsWith("/nonexistent/", path, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void The_entrypoint_runs_the_native_operator_the_project_publishes_with_NativeAOT()
    {
        var project = XDocument.Load(RepoPaths.Of("src", "MultusConfig.Operator", "MultusConfig.Operator.csproj"));
        var assemblyName = project.Descendants("AssemblyName").Single().Value;

        Assert.Equal("true", project.Descendants("PublishAot").Single().Value);
        Assert.Equal($"""["/app/{assemblyName}"]""", Instructions("ENTRYPOINT").Single());
        Assert.Contains(Instructions("RUN"), r => r.Contains("dotnet publish src/MultusConfig.Operator/MultusConfig.Operator.csproj", StringComparison.Ordinal) && r.Contains("-o /app", StringComparison.Ordinal));
        Assert.Contains(Instructions("COPY"), c => c == $"--from=build /app/{assemblyName} ./");
        // NativeAOT links with clang against zlib: the build stage installs them.
        Assert.Contains(Instructions("RUN"), r => r.Contains("clang", StringComparison.Ordinal) && r.Contains("zlib1g-dev", StringComparison.Ordinal));
    }

    [Fact]
    public void The_image_restores_locked_from_the_committed_lock_files_it_copies()
    {
        var restore = Instructions("RUN").Single(r => r.StartsWith("dotnet restore ", StringComparison.Ordinal));
        var copies = Instructions("COPY").ToList();

        Assert.Contains("--locked-mode", restore, StringComparison.Ordinal);
        foreach (var project in new[] { "MultusConfig.Core", "MultusConfig.Operator" })
            Assert.Contains(copies, c => c.Contains($"src/{project}/packages.lock.json", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("MultusConfig.Core")]
    [InlineData("MultusConfig.Cli")]
    [InlineData("MultusConfig.Operator")]
    public void A_shipped_project_locks_the_linux_x64_graph_so_a_locked_publish_for_it_restores(string project)
    {
        // "dotnet publish -r linux-x64" in a locked restore (CI=true, the image) fails with NU1004 unless the
        // lock file already holds that runtime's graph, which it does only when the project lists the runtime.
        var runtimes = XDocument.Load(RepoPaths.Of("src", project, project + ".csproj"))
            .Descendants("RuntimeIdentifiers").Single().Value.Split(';');
        var lockFile = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(RepoPaths.Of("src", project, "packages.lock.json")))!;

        Assert.Contains("linux-x64", runtimes);
        Assert.NotNull(lockFile["dependencies"]!["net10.0/linux-x64"]);
    }

    [Fact]
    public void No_secret_enters_the_image_or_its_build_context()
    {
        var text = string.Join('\n', Lines);
        var ignored = File.ReadAllLines(RepoPaths.Of(".dockerignore"));

        Assert.DoesNotMatch(SecretLike(), text);
        Assert.DoesNotContain(Instructions("ARG").Concat(Instructions("ENV")), i => SecretLike().IsMatch(i));
        Assert.DoesNotContain(Instructions("COPY"), c => c.StartsWith(". ", StringComparison.Ordinal)); // never the whole context
        foreach (var pattern in new[] { ".git/", "**/*.key", "**/*.pfx", "**/kubeconfig", "**/bin/", "**/obj/" })
            Assert.Contains(pattern, ignored);
    }

    [GeneratedRegex("(?i)(password|secret|token|api[_-]?key|BEGIN [A-Z ]*PRIVATE KEY)")]
    private static partial Regex SecretLike();
}
