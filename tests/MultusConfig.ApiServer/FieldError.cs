namespace MultusConfig.ApiServer;

/// <summary>One field-level validation error, worded like apimachinery's <c>field.Error</c>.</summary>
public sealed record FieldError(string Field, string Reason, string Detail, string? BadValue = null)
{
    /// <summary>The cause message as the real server puts it in <c>details.causes[].message</c>.</summary>
    public string Message => Reason switch
    {
        "FieldValueRequired" => string.IsNullOrEmpty(Detail) ? "Required value" : $"Required value: {Detail}",
        "FieldValueNotSupported" => $"Unsupported value: {BadValue}: {Detail}",
        "FieldValueForbidden" => $"Forbidden: {Detail}",
        "FieldValueTypeInvalid" => $"Invalid value: \"{TypeName}\": {Detail}",
        _ => $"Invalid value: {BadValue}: {Detail}",
    };

    /// <summary>For type errors the real server names the JSON type of the bad value.</summary>
    public string? TypeName { get; init; }

    public override string ToString() => $"{Field}: {Message}";

    public static FieldError Required(string field, string detail = "") => new(field, "FieldValueRequired", detail);

    public static FieldError Invalid(string field, string badValue, string detail) => new(field, "FieldValueInvalid", detail, badValue);

    public static FieldError NotSupported(string field, string badValue, IEnumerable<string> allowed) =>
        new(field, "FieldValueNotSupported", "supported values: " + string.Join(", ", allowed), badValue);

    public static FieldError Forbidden(string field, string detail) => new(field, "FieldValueForbidden", detail);

    public static FieldError TypeInvalid(string field, string typeName, string detail) =>
        new(field, "FieldValueTypeInvalid", detail) { TypeName = typeName };
}
