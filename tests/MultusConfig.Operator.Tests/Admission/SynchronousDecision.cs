using MultusConfig.Operator.Admission;

namespace MultusConfig.Operator.Tests.Admission;

internal static class SynchronousDecision
{
    /// <summary>
    /// The decision of a handler that asks the API server nothing (no NAD lookup, no adoption check), which must
    /// then complete without waiting: fails the test otherwise.
    /// </summary>
    public static AdmissionResponse Decide(this IAdmissionHandler handler, AdmissionRequest request)
    {
        var decision = handler.HandleAsync(request, CancellationToken.None).AsTask();
        Assert.True(decision.IsCompletedSuccessfully, "a decision without API calls completed asynchronously");
        return decision.Result;
    }
}
