using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MultusConfig.Core.Manifests;

/// <summary>
/// Builds JSON trees from a YAML stream the way sigs.k8s.io/yaml does, driving YamlDotNet's event parser
/// directly (no recursion, so nesting depth cannot overflow the stack) and enforcing the node budget and
/// depth limit while building, before any alias is copied.
/// </summary>
internal sealed partial class YamlStreamReader
{
    private const string YamlTagPrefix = "tag:yaml.org,2002:";

    private readonly NodeBudget _budget;
    private readonly List<RawDocument> _documents = [];
    private readonly List<ManifestError> _errors = [];
    private readonly Stack<YamlFrame> _stack = new();
    private readonly Dictionary<string, (JsonNode? Node, int Size)> _anchors = new(StringComparer.Ordinal);
    private Dictionary<JsonNode, (int, int)> _positions = new(ReferenceEqualityComparer.Instance);
    private JsonNode? _root;
    private int _rootLine, _rootColumn, _documentIndex;
    private bool _hasRoot, _documentFailed;

    private YamlStreamReader(NodeBudget budget) => _budget = budget;

    public static (IReadOnlyList<RawDocument> Documents, IReadOnlyList<ManifestError> Errors) Read(string text, NodeBudget budget)
    {
        var reader = new YamlStreamReader(budget);
        reader.ReadAll(text);
        return (reader._documents, reader._errors);
    }

    private void ReadAll(string text)
    {
        if (YamlCharacters.FindDisallowed(text) is { } disallowed)
        {
            _errors.Add(disallowed);
            return;
        }
        var parser = new Parser(new StringReader(text));
        while (true)
        {
            ParsingEvent? current;
            try
            {
                if (!parser.MoveNext())
                {
                    return;
                }
                current = parser.Current;
            }
            catch (YamlException e)
            {
                var (line, column) = ((int)Math.Max(1, e.Start.Line), (int)Math.Max(1, e.Start.Column));
                if (e.Message.Contains(" tab", StringComparison.Ordinal) && YamlCharacters.FirstIndentingTab(text, line) is { } tab)
                {
                    (line, column) = tab;
                }
                _errors.Add(new ManifestError(line, column, CleanMessage(e.Message)));
                return;
            }
            if (current is null)
            {
                return;
            }
            if (!Handle(current))
            {
                return;
            }
        }
    }

    /// <summary>False when reading must stop altogether (the node budget is spent).</summary>
    private bool Handle(ParsingEvent e)
    {
        switch (e)
        {
            case DocumentStart:
                StartDocument();
                return true;
            case DocumentEnd:
                if (!_documentFailed && _hasRoot)
                {
                    _documents.Add(new RawDocument(_root, _documentIndex, _rootLine, _rootColumn, _positions));
                }
                return true;
            case StreamStart or StreamEnd:
                return true;
        }
        if (_documentFailed)
        {
            return true;
        }
        if (!_budget.TrySpend(1))
        {
            _errors.Add(new ManifestError(Line(e), Column(e), _budget.ExceededMessage));
            return false;
        }
        switch (e)
        {
            case Scalar scalar:
                if (TryScalarNode(scalar, out var node))
                {
                    Remember(scalar.Anchor, node, 1);
                    Attach(node, 1, e, isMergeKey: scalar.Style == ScalarStyle.Plain && scalar.Tag.IsEmpty && scalar.Value == "<<");
                }
                return true;
            case AnchorAlias alias:
                return Alias(alias);
            case MappingStart or SequenceStart:
                if (_stack.Count >= ManifestLimits.MaxDepth)
                {
                    // Stop reading altogether: YamlDotNet's scanner slows down with every open flow level,
                    // so parsing on through a 100 000-deep "[[[[" would take hours.
                    Fail(e, $"mappings and sequences are nested more than {ManifestLimits.MaxDepth} deep");
                    return false;
                }
                JsonNode container = e is MappingStart ? new JsonObject() : new JsonArray();
                _positions[container] = (Line(e), Column(e));
                _stack.Push(new YamlFrame(container, ((NodeEvent)e).Anchor.IsEmpty ? null : ((NodeEvent)e).Anchor.Value, e));
                return true;
            case MappingEnd or SequenceEnd:
                var frame = _stack.Pop();
                if (frame.Container is JsonObject mapping)
                {
                    frame.ApplyMerges(mapping);
                }
                if (frame.Anchor is not null)
                {
                    // Keep a private template: the node itself may still change (a merge moves members
                    // out of its sources), and every alias must copy what the anchor said.
                    if (!_budget.TrySpend(frame.Size))
                    {
                        _errors.Add(new ManifestError(Line(e), Column(e), _budget.ExceededMessage));
                        return false;
                    }
                    _anchors[frame.Anchor] = (frame.Container.DeepClone(), frame.Size);
                }
                Attach(frame.Container, frame.Size, frame.StartEvent, isMergeKey: false);
                return true;
            default:
                return true;
        }
    }

    private void StartDocument()
    {
        _documentIndex++;
        _documentFailed = false;
        _hasRoot = false;
        _root = null;
        _anchors.Clear();
        _stack.Clear();
        _positions = new Dictionary<JsonNode, (int, int)>(ReferenceEqualityComparer.Instance);
    }

    private bool Alias(AnchorAlias alias)
    {
        if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
        {
            Fail(alias, $"unknown anchor '{alias.Value.Value}' referenced (an alias must follow its complete anchor)");
            return true;
        }
        // Spend before copying: the copy is what a YAML bomb makes expensive.
        if (!_budget.TrySpend(anchored.Size))
        {
            _errors.Add(new ManifestError(Line(alias), Column(alias), _budget.ExceededMessage));
            return false;
        }
        var copy = anchored.Node?.DeepClone();
        if (copy is not null)
        {
            _positions[copy] = (Line(alias), Column(alias));
        }
        Attach(copy, anchored.Size, alias, isMergeKey: false);
        return true;
    }

    private void Remember(AnchorName anchor, JsonNode? node, int size)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = (node, size);
        }
    }

    private void Attach(JsonNode? node, int size, ParsingEvent at, bool isMergeKey)
    {
        if (_documentFailed)
        {
            return;
        }
        if (_stack.Count == 0)
        {
            _root = node;
            _hasRoot = true;
            (_rootLine, _rootColumn) = (Line(at), Column(at));
            return;
        }
        var parent = _stack.Peek();
        parent.Size += size;
        if (parent.Container is JsonArray array)
        {
            array.Add(node);
            return;
        }
        var mapping = (JsonObject)parent.Container;
        if (!parent.HasKey)
        {
            AcceptKey(parent, mapping, node, at, isMergeKey);
            return;
        }
        parent.HasKey = false;
        if (parent.KeyIsMerge)
        {
            if (!parent.AddMergeSource(node))
            {
                Fail(at, "a merge key (<<) needs a mapping or a sequence of mappings as its value");
            }
            return;
        }
        mapping[parent.Key!] = node;
    }

    private void AcceptKey(YamlFrame parent, JsonObject mapping, JsonNode? node, ParsingEvent at, bool isMergeKey)
    {
        if (isMergeKey)
        {
            parent.HasKey = true;
            parent.KeyIsMerge = true;
            return;
        }
        if (node is JsonObject or JsonArray)
        {
            Fail(at, "a mapping or sequence cannot be used as a mapping key");
            return;
        }
        var key = ManifestStrings.KeyText(node);
        if (key is null)
        {
            Fail(at, "a null mapping key cannot be converted to JSON");
            return;
        }
        if (parent.KeyLines.TryGetValue(key, out var firstLine))
        {
            Fail(at, $"mapping key \"{key}\" already defined at line {firstLine}");
            return;
        }
        parent.KeyLines[key] = Line(at);
        parent.Key = key;
        parent.HasKey = true;
        parent.KeyIsMerge = false;
    }

    /// <summary>The JSON value of a scalar; false (with the document failed) when it has none.</summary>
    private bool TryScalarNode(Scalar scalar, out JsonNode? node)
    {
        node = null;
        if (ManifestStrings.HasUnpairedSurrogate(scalar.Value))
        {
            Fail(scalar, "the string contains an unpaired UTF-16 surrogate escape, which is not valid Unicode");
            return false;
        }
        string? typed = null;
        if (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific)
        {
            var tag = scalar.Tag.Value;
            typed = tag.StartsWith(YamlTagPrefix, StringComparison.Ordinal) ? tag[YamlTagPrefix.Length..] : null;
            if (typed is not ("int" or "float" or "bool" or "null"))
            {
                // !!str, !!binary, !!timestamp and application tags all decode to the text itself.
                node = JsonValue.Create(scalar.Value);
                return true;
            }
        }
        else if (scalar.Tag.IsNonSpecific || scalar.Style != ScalarStyle.Plain)
        {
            node = JsonValue.Create(scalar.Value);
            return true;
        }
        var kind = YamlScalarResolver.Resolve(scalar.Value, out var value);
        if (kind == YamlScalarKind.MergeKey)
        {
            kind = YamlScalarKind.Text;
        }
        if (typed is not null && !TagAccepts(typed, kind))
        {
            Fail(scalar, $"cannot decode !!{ShortTag(kind)} `{Shorten(scalar.Value)}` as a !!{typed}");
            return false;
        }
        switch (value)
        {
            case double d when !double.IsFinite(d):
                Fail(scalar, $"{scalar.Value} is a YAML float with no JSON representation (Kubernetes rejects it too)");
                return false;
            case null:
                return true;
            case bool b:
                node = JsonValue.Create(b);
                return true;
            case long l:
                node = typed == "float" ? JsonValue.Create((double)l) : JsonValue.Create(l);
                return true;
            case ulong u:
                node = typed == "float" ? JsonValue.Create((double)u) : JsonValue.Create(u);
                return true;
            case double d:
                node = JsonValue.Create(d);
                return true;
            default:
                node = JsonValue.Create(scalar.Value);
                return true;
        }
    }

    private static string ShortTag(YamlScalarKind kind) => kind switch
    {
        YamlScalarKind.Null => "null",
        YamlScalarKind.Boolean => "bool",
        YamlScalarKind.WholeNumber => "int",
        YamlScalarKind.RealNumber => "float",
        _ => "str",
    };

    private static bool TagAccepts(string tag, YamlScalarKind kind) => (tag, kind) switch
    {
        ("int", YamlScalarKind.WholeNumber) => true,
        ("float", YamlScalarKind.WholeNumber or YamlScalarKind.RealNumber) => true,
        ("bool", YamlScalarKind.Boolean) => true,
        ("null", YamlScalarKind.Null) => true,
        _ => false,
    };

    private void Fail(ParsingEvent at, string message)
    {
        _errors.Add(new ManifestError(Line(at), Column(at), $"document {_documentIndex}: {message}"));
        _documentFailed = true;
        _stack.Clear();
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private static int Line(ParsingEvent e) => (int)Math.Clamp(e.Start.Line, 1, int.MaxValue);

    private static int Column(ParsingEvent e) => (int)Math.Clamp(e.Start.Column, 1, int.MaxValue);

    /// <summary>YamlDotNet prefixes "(Line: 1, Col: 2, Idx: 3) - (Line: …): "; the position is reported separately.</summary>
    private static string CleanMessage(string message) => MarkPrefix().Replace(message, "").Trim();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ", RegexOptions.CultureInvariant)]
    private static partial Regex MarkPrefix();
}
