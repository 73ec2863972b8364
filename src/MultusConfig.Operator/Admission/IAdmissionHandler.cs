namespace MultusConfig.Operator.Admission;

/// <summary>
/// One webhook's decision, free of HTTP: the endpoint has already checked that the review is a v1
/// AdmissionReview with a request, a uid and a known operation.
/// </summary>
public interface IAdmissionHandler
{
    /// <summary>The URL path it is served on; also the <c>webhook</c> label of its metrics.</summary>
    string Path { get; }

    /// <summary>
    /// The decision. Asynchronous because a few decisions ask the API server (a NAD's controlling SMC, an adoption's
    /// SubjectAccessReview, a NAD while the cache is cold); most complete synchronously.
    /// </summary>
    ValueTask<AdmissionResponse> HandleAsync(AdmissionRequest request, CancellationToken ct);
}
