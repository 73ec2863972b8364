using MultusConfig.Core.Api;
using MultusConfig.Core.Validation;

namespace MultusConfig.Operator.Admission;

/// <summary>The few response shapes the webhooks answer with.</summary>
public static class AdmissionResponses
{
    public static AdmissionResponse Allowed(string uid) => new() { Uid = uid, Allowed = true };

    public static AdmissionResponse Patched(string uid, byte[] patch) => new()
    {
        Uid = uid,
        Allowed = true,
        PatchType = AdmissionResponse.JsonPatchType,
        Patch = Convert.ToBase64String(patch),
    };

    /// <summary>A request the webhook cannot make sense of; the API server shows the message to the user.</summary>
    public static AdmissionResponse BadRequest(string uid, string message) => new()
    {
        Uid = uid,
        Allowed = false,
        Status = new AdmissionStatus { Code = 400, Reason = "BadRequest", Message = "malformed admission request: " + message },
    };

    /// <summary>A bug on our side: the user learns it is not their object's fault, the details go to the log.</summary>
    public static AdmissionResponse InternalError(string uid, string webhook) => new()
    {
        Uid = uid,
        Allowed = false,
        Status = new AdmissionStatus
        {
            Code = 500,
            Reason = "InternalError",
            Message = $"internal error in admission webhook {webhook}; the operator log has the details (uid {uid})",
        },
    };

    /// <summary>
    /// The API server's own 422 Invalid for these field errors, worded as apierrors.NewInvalid words it, so
    /// kubectl shows the same text whether the schema or this webhook refused the object.
    /// </summary>
    public static AdmissionResponse Invalid(string uid, string? name, IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var lines = errors.Select(e => e.ToString()).Distinct(StringComparer.Ordinal).ToList();
        var list = lines.Count == 1 ? lines[0] : "[" + string.Join(", ", lines) + "]";
        var qualifiedKind = SpiderMultusConfig.KindName + "." + SpiderMultusConfig.Group;
        return new AdmissionResponse
        {
            Uid = uid,
            Allowed = false,
            Status = new AdmissionStatus
            {
                Code = 422,
                Reason = "Invalid",
                Message = $"{qualifiedKind} \"{name}\" is invalid: {list}",
                Details = new StatusDetails
                {
                    Name = name,
                    Group = SpiderMultusConfig.Group,
                    Kind = SpiderMultusConfig.KindName,
                    Causes = errors.Select(e => new StatusCause { Reason = CauseType(e.Kind), Message = e.Message, Field = e.Path }).ToList(),
                },
            },
        };
    }

    /// <summary>metav1.CauseType for a field error kind, as field.ErrorType names it.</summary>
    public static string CauseType(FieldErrorKind kind) => kind switch
    {
        FieldErrorKind.Required => "FieldValueRequired",
        FieldErrorKind.Forbidden => "FieldValueForbidden",
        FieldErrorKind.NotSupported => "FieldValueNotSupported",
        FieldErrorKind.TypeInvalid => "FieldValueTypeInvalid",
        FieldErrorKind.TooLong => "FieldValueTooLong",
        FieldErrorKind.Internal => "InternalError",
        // Kubernetes has no cause type for a pruned field; strict decoding reports it as invalid input.
        _ => "FieldValueInvalid",
    };
}
