using System.Text.RegularExpressions;
using MultusConfig.ApiServer;

namespace MultusConfig.Deploy.Tests.Docs;

/// <summary>The kubectl commands the docs give a new user work as written.</summary>
public partial class DocCommandTests
{
    private static IEnumerable<(string Page, string Command)> Commands()
    {
        foreach (string page in LinkTests.Pages())
        {
            foreach (Match m in ConsoleCommand().Matches(File.ReadAllText(RepoPaths.Of(page)))) yield return (page, m.Groups[1].Value.Trim());
        }
    }

    [Fact]
    public void No_page_applies_a_folder_holding_a_kustomization_with_kubectl_apply_f()
    {
        // kubectl apply -f FOLDER sends kustomization.yaml to the server, which has no such kind.
        var wrong = Commands()
            .Select(c => (c.Page, c.Command, Match: ApplyFile().Match(c.Command)))
            .Where(c => c.Match.Success && Directory.Exists(RepoPaths.Of(c.Match.Groups[1].Value))
                && File.Exists(Path.Combine(RepoPaths.Of(c.Match.Groups[1].Value), "kustomization.yaml")))
            .Select(c => $"{c.Page}: {c.Command}")
            .ToList();

        Assert.True(wrong.Count == 0, "use kubectl apply -k for these: " + string.Join("; ", wrong));
    }

    [Fact]
    public async Task The_readmes_kubectl_apply_commands_succeed_against_an_api_server()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var kubectl = new Kubectl(server);
        var applies = Commands().Where(c => c.Page == "README.md" && c.Command.StartsWith("kubectl apply ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(applies);

        foreach (var (_, command) in applies)
        {
            var args = command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(a => !a.StartsWith('-') && (Directory.Exists(RepoPaths.Of(a)) || File.Exists(RepoPaths.Of(a))) ? RepoPaths.Of(a) : a)
                .ToArray();
            var result = await kubectl.RunAsync(args);
            Assert.True(result.ExitCode == 0, $"{command}: {result}");
        }
        Assert.NotNull(server.List("apiextensions.k8s.io/v1", "CustomResourceDefinition", null).SingleOrDefault(crd => (string?)crd["metadata"]!["name"] == "spidermultusconfigs.spiderpool.spidernet.io"));
    }

    [GeneratedRegex(@"(?m)^\$ (.+)$")]
    private static partial Regex ConsoleCommand();

    [GeneratedRegex(@"kubectl apply (?:.* )?-f ([\w./-]+)")]
    private static partial Regex ApplyFile();
}
