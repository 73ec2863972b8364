using k8s;
using k8s.Autorest;
using k8s.Models;
using static MultusConfig.ApiServer.Tests.TestObjects;

namespace MultusConfig.ApiServer.Tests;

/// <summary>Faults a test switches on: failures with the real Status shapes, delays, and the request log.</summary>
public sealed class FaultInjectionTests
{
    [Theory]
    [InlineData(500, "InternalError")]
    [InlineData(503, "ServiceUnavailable")]
    [InlineData(409, "Conflict")]
    public async Task FailNext_fails_exactly_the_next_matching_requests_then_recovers(int code, string reason)
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        server.Faults.FailNext(2, code, verb: "create", resource: "configmaps");
        await client.CoreV1.ListNamespacedConfigMapAsync("default"); // other verbs are untouched
        for (var i = 0; i < 2; i++)
        {
            var (actual, status) = await FailureOf(() => client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "cm" } }, "default"));
            Assert.Equal(code, actual);
            Assert.Equal(reason, status["reason"].Str());
            Assert.Equal("Status", status["kind"].Str());
        }
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "cm" } }, "default");
    }

    [Fact]
    public async Task A_429_carries_Retry_After_in_the_header_and_in_details()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        server.Faults.FailNext(1, 429, retryAfterSeconds: 3);
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNamespacedConfigMapAsync("default"));
        Assert.Equal(429, (int)e.Response.StatusCode);
        Assert.Equal("3", e.Response.Headers["Retry-After"].Single());
        var status = System.Text.Json.Nodes.JsonNode.Parse(e.Response.Content)!;
        Assert.Equal("TooManyRequests", status["reason"].Str());
        Assert.Equal(3, status["details"]!["retryAfterSeconds"]!.GetValue<int>());
    }

    [Fact]
    public async Task Delay_holds_matching_requests_and_Clear_releases_them_without_failing_them()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        server.Faults.Delay(TimeSpan.FromSeconds(30), verb: "get", resource: "configmaps");
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "cm" } }, "default");
        var delayed = client.CoreV1.ReadNamespacedConfigMapAsync("cm", "default");
        await Eventually(() => Task.FromResult(server.Requests.Count("get", "configmaps") == 1), "get arrived");
        Assert.False(delayed.IsCompleted);
        server.Faults.Clear(); // releases the held request
        Assert.Equal("cm", (await delayed.WaitAsync(TimeSpan.FromSeconds(20))).Metadata.Name);
    }

    [Fact]
    public async Task The_request_log_records_verb_resource_user_agent_content_type_and_status()
    {
        await using var server = await StartWithCrdsAsync();
        using var client = server.CreateClient();
        await client.CreateSmcAsync(Smc("net1"));
        await client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch("""{"metadata":{"labels":{"a":"b"}}}""", V1Patch.PatchType.MergePatch), SmcGroup, SmcVersion, "default", SmcPlural, "net1");
        await FailureOf(() => client.GetSmcAsync("missing"));
        var log = server.Requests.All;
        var create = log.Single(r => r.Verb == "create");
        Assert.Equal(SmcPlural, create.Resource);
        Assert.Equal(201, create.StatusCode);
        Assert.Contains("kubernetes-csharp", create.UserAgent, StringComparison.OrdinalIgnoreCase);
        var patch = log.Single(r => r.Verb == "patch");
        Assert.StartsWith("application/merge-patch+json", patch.ContentType, StringComparison.Ordinal);
        Assert.Equal(404, log.Single(r => r.Verb == "get" && r.Name == "missing").StatusCode);
        Assert.Equal(1, server.Requests.Count("patch", SmcPlural));
    }

    [Fact]
    public async Task Many_small_creates_through_KubernetesClient_all_land_with_distinct_resourceVersions()
    {
        // Capacity smoke test (the 10,000-create benchmark lives outside the test suite): 500 parallel creates.
        await using var server = await ApiServerDouble.StartAsync(new ApiServerOptions { HistoryWindow = 10 });
        using var client = server.CreateClient();
        var results = await Task.WhenAll(Enumerable.Range(0, 500).Select(i =>
            client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = $"cm-{i}" } }, "default")));
        Assert.Equal(500, results.Select(r => r.Metadata.ResourceVersion).Distinct().Count());
        var list = await client.CoreV1.ListNamespacedConfigMapAsync("default");
        Assert.Equal(500, list.Items.Count);
    }
}
