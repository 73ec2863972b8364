using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.Models;

namespace MultusConfig.Operator.Kube;

/// <summary>
/// The operator's Kubernetes client: typed calls over one pooled HttpClient, System.Text.Json through
/// source-generated <see cref="JsonTypeInfo{T}"/> only (trim- and NativeAOT-clean). Every answer other than 2xx is
/// a <see cref="KubeApiException"/>; network failures stay <see cref="HttpRequestException"/>/<see cref="IOException"/>.
/// Nothing is retried here except once after a 401 with a re-read token: 429 and 5xx go back to the caller, whose
/// per-key back-off decides (client-go's rest.Request retries 429/5xx with Retry-After; controller-runtime's
/// work queue backs off the key either way, and the operator has always left it to the queue). A non-watch call
/// that takes longer than <see cref="KubeConnection.RequestTimeout"/> ends with a
/// <see cref="TaskCanceledException"/> whose inner exception is a <see cref="TimeoutException"/>, as HttpClient's
/// own timeout does: the caller's token is not cancelled, so it is told apart from the caller's cancellation.
/// </summary>
public sealed class KubeClient : IDisposable
{
    /// <summary>How much of an error body is kept in <see cref="KubeApiException.Body"/>.</summary>
    internal const int MaxBodyInException = 4096;

    private readonly HttpClient _http;
    private readonly Uri _server;

    public KubeClient(KubeConnection connection, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Connection = connection;
        // A server URL with a path (behind a proxy) keeps it: request paths are appended to it.
        _server = new Uri(connection.Server.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        _http = new HttpClient(handler ?? KubeHttpHandler.Create(connection))
        {
            // Per request instead (watches have none); see RequestTimeout.
            Timeout = Timeout.InfiniteTimeSpan,
            // HTTP/2 when TLS negotiates it (ALPN), else HTTP/1.1.
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        _http.DefaultRequestHeaders.UserAgent.TryParseAdd(connection.UserAgent);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public KubeConnection Connection { get; }

    public Task<T> GetAsync<T>(KubeResource resource, string? ns, string name, JsonTypeInfo<T> type, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return CallAsync(HttpMethod.Get, resource.ObjectPath(ns, name), null, type, ct);
    }

    /// <summary>One LIST request: one page when <see cref="ListOptions.Limit"/> is set (its metadata.continue leads to the next).</summary>
    public Task<TList> ListAsync<TList>(KubeResource resource, string? ns, ListOptions? options, JsonTypeInfo<TList> type, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return CallAsync(HttpMethod.Get, resource.CollectionPath(ns) + (options ?? new ListOptions()).ToQuery(), null, type, ct);
    }

    /// <summary>
    /// Every page of a LIST: the first at <paramref name="options"/>' resourceVersion, the next ones by their continue
    /// token alone (the server refuses a resourceVersion beside it; the token carries the list's snapshot). An
    /// expired token is a 410 from the server, for the caller to list again from the start.
    /// </summary>
    public async Task<KubeList<T>> ListAllAsync<T, TList>(KubeResource resource, string? ns, ListOptions? options, JsonTypeInfo<TList> type, CancellationToken ct = default)
        where TList : IKubernetesObject<V1ListMeta>, IItems<T>
    {
        options ??= new ListOptions();
        var items = new List<T>();
        var page = options with { Continue = null };
        while (true)
        {
            var list = await ListAsync(resource, ns, page, type, ct).ConfigureAwait(false);
            if (list.Items is { } some) items.AddRange(some);
            var next = list.Metadata?.ContinueProperty;
            if (string.IsNullOrEmpty(next)) return new KubeList<T>(items, list.Metadata?.ResourceVersion ?? "");
            page = options with { Continue = next, ResourceVersion = null, ResourceVersionMatch = null };
        }
    }

    public Task<T> CreateAsync<T>(KubeResource resource, string? ns, T body, JsonTypeInfo<T> type, string? fieldManager = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return CallAsync(HttpMethod.Post, resource.CollectionPath(ns) + new QueryString().Add("fieldManager", fieldManager), Json(body, type), type, ct);
    }

    /// <summary>PUT: 409 Conflict when the body's metadata.resourceVersion is no longer the stored one.</summary>
    public Task<T> ReplaceAsync<T>(KubeResource resource, string? ns, string name, T body, JsonTypeInfo<T> type, string? subresource = null, string? fieldManager = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return CallAsync(HttpMethod.Put, resource.ObjectPath(ns, name, subresource) + new QueryString().Add("fieldManager", fieldManager), Json(body, type), type, ct);
    }

    /// <summary>PATCH the object, or its <c>status</c> subresource.</summary>
    public Task<T> PatchAsync<T>(KubeResource resource, string? ns, string name, KubePatch patch, JsonTypeInfo<T> type, string? subresource = null, string? fieldManager = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(patch);
        var body = new RequestBody(Encoding.UTF8.GetBytes(patch.Body), patch.ContentType);
        return CallAsync(HttpMethod.Patch, resource.ObjectPath(ns, name, subresource) + new QueryString().Add("fieldManager", fieldManager), body, type, ct);
    }

    public async Task DeleteAsync(KubeResource resource, string? ns, string name, V1DeleteOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        RequestBody? body = options is null ? null : Json(options, KubeJsonContext.Default.V1DeleteOptions);
        await CallAsync<object?>(HttpMethod.Delete, resource.ObjectPath(ns, name), body, null, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A WATCH, yielding events as the server writes them. A stream the server ends (its timeoutSeconds) ends the
    /// enumeration; a connection cut mid-stream is an <see cref="IOException"/>/<see cref="HttpRequestException"/>;
    /// an undecodable event a <see cref="JsonException"/>; an ERROR event, or an answer other than 200, a
    /// <see cref="KubeApiException"/> (410: list again). No timeout applies: a stream that goes silent is the
    /// caller's watchdog's to cancel, and cancelling closes the connection at once.
    /// </summary>
    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(KubeResource resource, string? ns, WatchOptions options, JsonTypeInfo<T> type, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(options);
        using var response = await SendAsync(HttpMethod.Get, resource.CollectionPath(ns) + options.ToQuery(), null, ct).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var lines = new WatchLineReader(stream);
            while (await lines.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
            {
                yield return WatchEventDecoder.Decode(line.Span, type);
            }
        }
    }

    private readonly record struct RequestBody(byte[] Bytes, string ContentType);

    private static RequestBody Json<T>(T body, JsonTypeInfo<T> type) => new(JsonSerializer.SerializeToUtf8Bytes(body, type), "application/json");

    /// <summary>A non-watch call: send, check, read the answer as <paramref name="type"/> (null: not read), all within the request timeout.</summary>
    private async Task<T> CallAsync<T>(HttpMethod method, string path, RequestBody? body, JsonTypeInfo<T>? type, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Connection.RequestTimeout);
        try
        {
            using var response = await SendAsync(method, path, body, timeout.Token).ConfigureAwait(false);
            if (type is null) return default!;
            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonSerializer.DeserializeAsync(stream, type, timeout.Token).ConfigureAwait(false)
                    ?? throw new JsonException($"{method} {path}: the answer is null");
            }
        }
        catch (OperationCanceledException e) when (ct.IsCancellationRequested && e.CancellationToken != ct)
        {
            // The caller's cancellation, reported with the caller's token (not the linked one) so it can tell.
            throw new OperationCanceledException(e.Message, e, ct);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            throw new TaskCanceledException($"{method} {path}: no answer within {Connection.RequestTimeout.TotalSeconds} s",
                new TimeoutException($"the request timeout of {Connection.RequestTimeout.TotalSeconds} s elapsed", e));
        }
    }

    /// <summary>
    /// Sends with the current token and returns a 2xx answer with its body unread; anything else is thrown. After a
    /// 401, when the token comes from a file that now holds another token (a rotated projected token), sends once more.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, RequestBody? body, CancellationToken ct)
    {
        var token = Connection.Token?.Current;
        var response = await SendOnceAsync(method, path, body, token, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized && token is not null && Connection.Token!.RefreshAfterUnauthorized(token))
        {
            response.Dispose();
            response = await SendOnceAsync(method, path, body, Connection.Token.Current, ct).ConfigureAwait(false);
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            throw await ErrorAsync(response, ct).ConfigureAwait(false);
        }
    }

    private Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, string path, RequestBody? body, string? token, CancellationToken ct)
    {
        // HttpClient's DefaultRequestVersion applies to its own helpers only: a request built here is HTTP/1.1 unless it
        // says otherwise, and HTTP/1.1 holds one TLS connection per request in flight, every open watch included.
        var request = new HttpRequestMessage(method, new Uri(_server, path.TrimStart('/')))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is { } b)
        {
            request.Content = new ByteArrayContent(b.Bytes);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(b.ContentType);
        }
        // Headers only: a list is deserialized as it streams in, a watch is read event by event.
        return _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    /// <summary>The Status in the body (when it is one), the Retry-After header, and the start of the body.</summary>
    private static async Task<KubeApiException> ErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var bytes = await ReadPrefixAsync(response, 64 * 1024, ct).ConfigureAwait(false);
        string? reason = null, message = null;
        try
        {
            var status = JsonSerializer.Deserialize(bytes, KubeJsonContext.Default.V1Status);
            if (status is { Kind: "Status" })
            {
                reason = status.Reason;
                message = status.Message;
            }
        }
        catch (JsonException)
        {
            // Not a Status (a proxy's HTML page, an empty body): the HTTP status alone says what happened.
        }
        var text = Truncate(Encoding.UTF8.GetString(bytes));
        return new KubeApiException(response.StatusCode, reason, message, RetryAfter(response.Headers.RetryAfter), text.Length == 0 ? null : text);
    }

    private static async Task<byte[]> ReadPrefixAsync(HttpResponseMessage response, int max, CancellationToken ct)
    {
        var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[max];
            var length = 0;
            int read;
            while (length < max && (read = await stream.ReadAsync(buffer.AsMemory(length), ct).ConfigureAwait(false)) > 0) length += read;
            return buffer[..length];
        }
    }

    /// <summary>Retry-After as seconds or as an HTTP date (then the time left until it, never negative).</summary>
    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero,
        _ => null,
    };

    internal static string Truncate(string text) => text.Length <= MaxBodyInException ? text : text[..MaxBodyInException] + "…";

    public void Dispose() => _http.Dispose();
}
