using System.Text.Json;
using k8s.Models;
using MultusConfig.Core.Api;
using MultusConfig.Core.Json;
using MultusConfig.Core.Validation;

namespace MultusConfig.Core.Tests.Validation;

/// <summary>
/// Runs the validator on a typed object that never met the schema, the way the controller sees an
/// object stored while the webhook was down, so each code rule is tested on its own.
/// </summary>
internal static class Rules
{
    public static List<FieldError> Validate(string specJson, string? annotationsJson = null, string? oldAnnotationsJson = null)
    {
        var smc = Smc(specJson, annotationsJson);
        var old = oldAnnotationsJson is null ? null : Smc(specJson, oldAnnotationsJson);
        return SmcValidator.Validate(smc, old);
    }

    public static SpiderMultusConfig Smc(string specJson, string? annotationsJson = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "net",
            NamespaceProperty = "team1",
            Annotations = annotationsJson is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(annotationsJson),
        },
        Spec = JsonSerializer.Deserialize(specJson, CoreJsonContext.Default.SpiderMultusConfigSpec),
    };

    /// <summary>Asserts an error at exactly this path (and of this kind, when given) and returns it.</summary>
    public static FieldError At(this List<FieldError> errors, string path, FieldErrorKind? kind = null)
    {
        var match = errors.FirstOrDefault(e => e.Path == path && (kind is null || e.Kind == kind));
        Assert.True(match is not null, $"expected an error at {path}; got: {string.Join(" | ", errors)}");
        return match!;
    }

    public static void NoneAt(this List<FieldError> errors, string path) =>
        Assert.DoesNotContain(errors, e => e.Path == path);

    public static void Valid(this List<FieldError> errors) =>
        Assert.True(errors.Count == 0, "unexpected errors: " + string.Join(" | ", errors));
}
