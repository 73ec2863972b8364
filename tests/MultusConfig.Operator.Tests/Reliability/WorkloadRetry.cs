using System.Net;
using k8s.Autorest;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// The workload's own requests meet the same faults as the operator's: it retries transient failures
/// (5xx, 429, an injected 409 Conflict, a refused or dropped connection) until a generous deadline.
/// Every workload write is idempotent, so a retry after a dropped connection that was in fact served
/// does no harm; <c>done</c> names the answers that mean "already so" (AlreadyExists on create, NotFound on delete).
/// </summary>
internal static class WorkloadRetry
{
    public static async Task<bool> RunAsync(Func<Task> op, Func<HttpOperationException, bool>? done = null, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(120));
        var backoff = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                await op();
                return true;
            }
            catch (HttpOperationException e) when (done?.Invoke(e) == true)
            {
                return false;
            }
            catch (Exception e) when (Transient(e) && DateTime.UtcNow < until)
            {
                await Task.Delay(backoff);
                backoff = TimeSpan.FromMilliseconds(Math.Min(1000, backoff.TotalMilliseconds * 2));
            }
        }
    }

    public static bool AlreadyExists(HttpOperationException e) =>
        e.Response.StatusCode == HttpStatusCode.Conflict && e.Response.Content?.Contains("\"AlreadyExists\"", StringComparison.Ordinal) == true;

    public static bool NotFound(HttpOperationException e) => e.Response.StatusCode == HttpStatusCode.NotFound;

    private static bool Transient(Exception e) => e switch
    {
        HttpOperationException h => (int)h.Response.StatusCode is 500 or 503 or 429 or 409,
        HttpRequestException or IOException or TaskCanceledException => true,
        _ => false,
    };
}
