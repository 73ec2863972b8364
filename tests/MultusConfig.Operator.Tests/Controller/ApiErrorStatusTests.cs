using MultusConfig.Core.Api;

namespace MultusConfig.Operator.Tests.Controller;

/// <summary>
/// A failed NAD write is reported on the SMC's status (read by tenants) as the HTTP status and reason, plus the
/// API server's message only when it is about the object (422); an RBAC 403 message, which names the operator's
/// service account and its permissions, stays out of the status.
/// </summary>
public sealed class ApiErrorStatusTests
{
    private const string Macvlan = """{"cniType":"macvlan","macvlan":{"master":["ens192"]}}""";

    private static async Task<string> ApiErrorMessageAsync(int code)
    {
        await using var f = await OperatorFixture.StartAsync();
        f.Server.Faults.FailNext(1000, code, verb: "create", resource: "network-attachment-definitions");
        await f.StartOperatorAsync();
        await f.CreateSmcAsync("net-err", Macvlan);

        var smc = await OperatorFixture.EventuallyAsync(() => f.GetSmcAsync("net-err"),
            s => s.Status?.Conditions?.Any(c => c.Reason == "ApiError") == true, "ApiError on the status", seconds: 30);
        return smc.Status!.Conditions!.Single(c => c.Reason == "ApiError").Message ?? "";
    }

    [Fact]
    public async Task An_RBAC_403_is_reported_as_HTTP_status_and_reason_without_the_operators_identity()
    {
        var message = await ApiErrorMessageAsync(403);

        Assert.Contains("HTTP 403 Forbidden", message, StringComparison.Ordinal);
        Assert.DoesNotContain("system:serviceaccount", message, StringComparison.Ordinal);
        Assert.DoesNotContain("{", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_422_is_reported_with_the_Status_message_not_the_raw_JSON_body()
    {
        var message = await ApiErrorMessageAsync(422);

        Assert.Contains("HTTP 422 Invalid: ", message, StringComparison.Ordinal);
        Assert.Contains("spec.config: Invalid value: injected fault", message, StringComparison.Ordinal);
        Assert.DoesNotContain("\"kind\"", message, StringComparison.Ordinal);
        Assert.DoesNotContain("\\\"", message, StringComparison.Ordinal);
    }
}
