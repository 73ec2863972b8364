namespace MultusConfig.Core.Validation;

/// <summary>The kinds of field error, named as the Kubernetes API reports them.</summary>
public enum FieldErrorKind
{
    Required,
    Invalid,
    Forbidden,
    NotSupported,
    TypeInvalid,
    UnknownField,
    TooLong,
    Internal,
}

/// <summary>
/// One problem with one field. <see cref="Path"/> is the real JSON path (<c>spec.macvlan.vlanID</c>,
/// <c>spec.coordinator.hijackCIDR[0]</c>); <see cref="Value"/> is the offending value when showing it helps.
/// </summary>
public sealed record FieldError(string Path, FieldErrorKind Kind, string Detail, string? Value = null)
{
    /// <summary>The error in the API server's wording: <c>path: Invalid value: 5000: detail</c>.</summary>
    public string Message => Kind switch
    {
        FieldErrorKind.Required => Join("Required value", Detail),
        FieldErrorKind.Forbidden => Join("Forbidden", Detail),
        FieldErrorKind.NotSupported => Join(Value is null ? "Unsupported value" : $"Unsupported value: {Value}", Detail),
        FieldErrorKind.UnknownField => Join("Unknown field", Detail),
        FieldErrorKind.TooLong => Join("Too long", Detail),
        FieldErrorKind.Internal => Join("Internal error", Detail),
        FieldErrorKind.TypeInvalid => Join(Value is null ? "Invalid value" : $"Invalid value: {Value}", Detail),
        _ => Join(Value is null ? "Invalid value" : $"Invalid value: {Value}", Detail),
    };

    public override string ToString() => $"{Path}: {Message}";

    private static string Join(string head, string detail) => detail.Length == 0 ? head : head + ": " + detail;
}
