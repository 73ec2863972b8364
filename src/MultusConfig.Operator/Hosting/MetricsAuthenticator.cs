using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using k8s.Models;
using MultusConfig.Operator.Kube;

namespace MultusConfig.Operator.Hosting;

/// <summary>
/// Who may read /metrics, decided by the API server as controller-runtime's
/// <c>filters.WithAuthenticationAndAuthorization</c> decides it: the bearer token is checked with a TokenReview,
/// its user authorized with a SubjectAccessReview for <c>get</c> on the non-resource URL <c>/metrics</c>.
/// Answers are cached briefly, as the apiserver's delegating authenticator and authorizer cache them (tokens
/// 1 minute; allowed 5 minutes, denied 30 seconds), so a scrape every few seconds costs no API calls.
/// </summary>
public sealed partial class MetricsAuthenticator(KubeClient client, TimeProvider time, ILogger<MetricsAuthenticator> logger)
{
    internal static readonly TimeSpan TokenTtl = TimeSpan.FromMinutes(1);
    internal static readonly TimeSpan AllowTtl = TimeSpan.FromMinutes(5);
    internal static readonly TimeSpan DenyTtl = TimeSpan.FromSeconds(30);

    /// <summary>Beyond this many entries a cache is emptied: random tokens must not grow memory without bound.</summary>
    private const int MaxEntries = 1024;

    private readonly ConcurrentDictionary<string, (V1UserInfo? User, DateTimeOffset Until)> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (bool Allowed, DateTimeOffset Until)> _decisions = new(StringComparer.Ordinal);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || header.Length == "Bearer ".Length)
        {
            await Answer(context, StatusCodes.Status401Unauthorized, "Unauthorized").ConfigureAwait(false);
            return;
        }
        var path = context.Request.Path.Value ?? "/";
        var verb = context.Request.Method.ToLowerInvariant();
        V1UserInfo? user;
        bool allowed;
        try
        {
            user = await AuthenticateAsync(header["Bearer ".Length..].Trim(), context.RequestAborted).ConfigureAwait(false);
            if (user is null)
            {
                await Answer(context, StatusCodes.Status401Unauthorized, "Unauthorized").ConfigureAwait(false);
                return;
            }
            allowed = await AuthorizeAsync(user, verb, path, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or IOException or System.Text.Json.JsonException)
        {
            LogReviewFailed(e);
            await Answer(context, StatusCodes.Status500InternalServerError, "Authentication or authorization failed: the API server did not answer").ConfigureAwait(false);
            return;
        }
        if (!allowed)
        {
            LogDenied(user.Username, verb, path);
            await Answer(context, StatusCodes.Status403Forbidden, $"Authorization denied for user {user.Username}").ConfigureAwait(false);
            return;
        }
        await next(context).ConfigureAwait(false);
    }

    private async Task<V1UserInfo?> AuthenticateAsync(string token, CancellationToken ct)
    {
        // The cache key is a hash: the tokens themselves are never kept.
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        var now = time.GetUtcNow();
        if (_tokens.TryGetValue(key, out var cached) && cached.Until > now) return cached.User;
        var review = await client.CreateAsync(KubeResources.TokenReviews, null, new V1TokenReview { Spec = new V1TokenReviewSpec { Token = token } }, KubeJsonContext.Default.V1TokenReview, ct: ct).ConfigureAwait(false);
        var user = review.Status?.Authenticated == true ? review.Status.User : null;
        Remember(_tokens, key, (user, now + (user is null ? DenyTtl : TokenTtl)));
        return user;
    }

    private async Task<bool> AuthorizeAsync(V1UserInfo user, string verb, string path, CancellationToken ct)
    {
        var key = string.Join('\n', [user.Username, user.Uid ?? "", string.Join(',', user.Groups ?? []), verb, path]);
        var now = time.GetUtcNow();
        if (_decisions.TryGetValue(key, out var cached) && cached.Until > now) return cached.Allowed;
        var review = await client.CreateAsync(KubeResources.SubjectAccessReviews, null, new V1SubjectAccessReview
        {
            Spec = new V1SubjectAccessReviewSpec
            {
                User = user.Username, Uid = user.Uid, Groups = user.Groups, Extra = user.Extra,
                NonResourceAttributes = new V1NonResourceAttributes { Path = path, Verb = verb },
            },
        }, KubeJsonContext.Default.V1SubjectAccessReview, ct: ct).ConfigureAwait(false);
        var allowed = review.Status?.Allowed == true;
        Remember(_decisions, key, (allowed, now + (allowed ? AllowTtl : DenyTtl)));
        return allowed;
    }

    private static void Remember<T>(ConcurrentDictionary<string, T> cache, string key, T value)
    {
        if (cache.Count >= MaxEntries) cache.Clear();
        cache[key] = value;
    }

    private static Task Answer(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message + "\n", context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "metrics: {User} may not {Verb} {Path}")]
    private partial void LogDenied(string user, string verb, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "metrics: TokenReview or SubjectAccessReview failed")]
    private partial void LogReviewFailed(Exception e);
}
