namespace MultusConfig.Deploy.Tests.Docs;

/// <summary>
/// One text of the field reference that a translation replaces: a CRD field's description (named by its path, e.g.
/// spec.macvlan.master), an annotation's effect (named by its key), the "on" cell of an annotation row, or a fixed text of the page.
/// </summary>
internal sealed record ReferenceText(string Section, string Name, string English)
{
    public const string Page = "page";
    public const string Fields = "fields";
    public const string Annotations = "annotations";
    public const string AnnotationTargets = "annotation targets";

    public static ReferenceText Field(string path, string english) => new(Fields, path, english);

    /// <summary>How messages name it: a field by its path alone.</summary>
    public string Label => Section switch
    {
        Fields => Name,
        Annotations => $"annotation {Name}",
        AnnotationTargets => $"annotation target \"{Name}\"",
        _ => $"page text \"{Name}\"",
    };
}
