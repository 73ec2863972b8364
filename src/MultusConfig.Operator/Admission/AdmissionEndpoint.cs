using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace MultusConfig.Operator.Admission;

/// <summary>
/// The HTTP side of one webhook: bounded body reading, review parsing, the handler call with a safety net,
/// metrics and logs. Whatever arrives, the answer is an AdmissionReview (200), a 400, a 413 or a 429 — never a 500,
/// because the API server turns a 5xx or a dropped connection into an opaque "failed calling webhook" (D28).
/// </summary>
internal sealed partial class AdmissionEndpoint(IAdmissionHandler handler, LargeReviewLane largeReviews, ILogger logger, TimeProvider time)
{
    private readonly MalformedRequestLog _malformed = new(logger, handler.Path, time);

    /// <summary>
    /// The API server sends at most about 3 MiB (a 1.5 MiB object plus its old version); anything larger
    /// is not from it and is refused before it is buffered.
    /// </summary>
    public const int MaxBodyBytes = 3 * 1024 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        string? operation = null;
        var allowed = false;
        try
        {
            Decision decision;
            using (var body = new PooledBody(largeReviews.Budget))
            {
                var read = await ReadBodyAsync(context, body).ConfigureAwait(false);
                if (read.StatusCode != StatusCodes.Status200OK)
                {
                    if (read.StatusCode == StatusCodes.Status429TooManyRequests) await ShedAsync(context, read.Problem!).ConfigureAwait(false);
                    else
                    {
                        _malformed.Report(read.Problem!);
                        await WritePlainAsync(context, read.StatusCode, read.Problem!).ConfigureAwait(false);
                    }
                    return;
                }

                // Only parsing and judging take the large-review lane: the upload before it costs little CPU, and a
                // slow sender must not hold the lane for as long as it keeps above Kestrel's minimum data rate.
                using (LargeReviewLane.IsLarge(body.Length) ? await largeReviews.EnterAsync(context.RequestAborted).ConfigureAwait(false) : default)
                    decision = await DecideAsync(body.Bytes, context.RequestAborted).ConfigureAwait(false);
            }

            if (decision.Response is not { } response)
            {
                await WritePlainAsync(context, StatusCodes.Status400BadRequest, decision.Problem!).ConfigureAwait(false);
                return;
            }
            operation = decision.Operation;
            allowed = response.Allowed;
            await WriteReviewAsync(context, response).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away (the API server's own timeout); there is no one to answer.
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException)
        {
            // The connection broke mid-body (truncated upload, reset); answer if the socket still allows it.
            _malformed.Report(e.Message);
            if (!context.Response.HasStarted)
                await TryWritePlainAsync(context, StatusCodes.Status400BadRequest, "the request body could not be read: " + e.Message).ConfigureAwait(false);
        }
        finally
        {
            AdmissionMetrics.Observe(handler.Path, operation, allowed, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>The answer to a body: a plain 400 problem when it is not an AdmissionReview, else the review's response.</summary>
    private async ValueTask<Decision> DecideAsync(ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var read = AdmissionReviewReader.Read(body);
        if (!read.IsReview)
        {
            _malformed.Report(read.Problem!);
            return new Decision(null, null, read.Problem);
        }
        if (read.Request is null)
        {
            _malformed.Report(read.Problem!);
            return new Decision(AdmissionResponses.BadRequest(read.Uid, read.Problem!), null, null);
        }
        return new Decision(await HandleSafelyAsync(read.Request, ct).ConfigureAwait(false), read.Request.Operation, null);
    }

    private readonly record struct Decision(AdmissionResponse? Response, string? Operation, string? Problem);

    private async ValueTask<AdmissionResponse> HandleSafelyAsync(AdmissionRequest request, CancellationToken ct)
    {
        try
        {
            return await handler.HandleAsync(request, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The caller went away: InvokeAsync stops there, with no one to answer.
            throw;
        }
#pragma warning disable CA1031 // The point of this catch is that no exception of any type escapes to Kestrel as a 500 (D28).
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogHandlerFailed(logger, e, handler.Path, LogText.Of(request.Uid), LogText.Of(request.Operation), LogText.Of(request.Namespace), LogText.Of(NameForLog(request)));
            return AdmissionResponses.InternalError(request.Uid ?? "", handler.Path);
        }
    }

    /// <summary>The object's name for the failure log; the object is what just made the handler throw, so reading it may throw too.</summary>
    private static string NameForLog(AdmissionRequest request)
    {
        try
        {
            return SmcRequestObjects.NameOf(request) ?? "";
        }
#pragma warning disable CA1031 // Only the log line's name is at stake; the denial must still be written.
        catch (Exception)
#pragma warning restore CA1031
        {
            return request.Name ?? "";
        }
    }

    /// <summary>Reads the body into <paramref name="body"/>; 413 past the limit, 429 when its buffer cannot grow within the budget.</summary>
    private static async Task<BodyReadResult> ReadBodyAsync(HttpContext context, PooledBody body)
    {
        var request = context.Request;
        if (request.ContentLength > MaxBodyBytes) return BodyReadResult.TooLarge(request.ContentLength.Value);

        // Kestrel enforces the same bound for chunked bodies; our own count below covers other servers (TestServer).
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBodyBytes + 1;

        try
        {
            while (true)
            {
                // The declared Content-Length sizes nothing: the buffer grows only as bytes actually arrive.
                if (body.FreeSpace(MaxBodyBytes + 1) is not { } memory) return BodyReadResult.Shed(body.Length);
                var count = await request.Body.ReadAsync(memory, context.RequestAborted).ConfigureAwait(false);
                if (count == 0) break;
                body.Advance(count);
                if (body.Length > MaxBodyBytes) return BodyReadResult.TooLarge(body.Length);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return BodyReadResult.TooLarge(null);
        }
        return new BodyReadResult(StatusCodes.Status200OK, null);
    }

    /// <summary>
    /// 429 with Retry-After: a 429 tells the API server's user "try again", and it is not a 5xx. The connection
    /// stays open: Kestrel reads and discards the rest of the body through its bounded buffer (MaxRequestBufferSize),
    /// which costs no memory and lets a client that is still sending read the answer (closing at once left most
    /// HttpClient senders with a reset instead of the 429).
    /// </summary>
    private static async Task ShedAsync(HttpContext context, string problem)
    {
        context.Response.Headers.RetryAfter = "1";
        await WritePlainAsync(context, StatusCodes.Status429TooManyRequests, problem).ConfigureAwait(false);
    }

    private static async Task WriteReviewAsync(HttpContext context, AdmissionResponse response)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, AdmissionReview.Answer(response), AdmissionJsonContext.Default.AdmissionReview, context.RequestAborted)
            .ConfigureAwait(false);
    }

    private static async Task WritePlainAsync(HttpContext context, int statusCode, string message)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message + "\n", context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task TryWritePlainAsync(HttpContext context, int statusCode, string message)
    {
        try
        {
            await WritePlainAsync(context, statusCode, message).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            // The connection is already gone; nothing more can be said on it.
        }
    }

    private readonly record struct BodyReadResult(int StatusCode, string? Problem)
    {
        public static BodyReadResult TooLarge(long? size) => new(
            StatusCodes.Status413PayloadTooLarge,
            $"the request body{(size is null ? "" : $" ({size} bytes or more)")} exceeds the limit of {MaxBodyBytes} bytes");

        public static BodyReadResult Shed(int read) => new(
            StatusCodes.Status429TooManyRequests,
            $"too many large admission requests are being read at once (after {read} bytes of this one); retry");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Admission webhook {Webhook} failed on request {Uid} ({Operation} {Namespace}/{Name}); answered with a denial")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string webhook, string uid, string operation, string @namespace, string name);
}
