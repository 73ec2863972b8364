using System.Text.Json.Nodes;
using MultusConfig.ApiServer;
using static MultusConfig.Deploy.Tests.Rendered;

namespace MultusConfig.Deploy.Tests.Docs;

/// <summary>
/// docs/zh-CN/field-descriptions.yaml: for every text of the field reference (<see cref="ReferenceText"/>), a copy of its
/// English (<c>en</c>) beside its Chinese (<c>zh</c>), by section and name. The copy of the English is what makes a
/// translation detectably stale: when a CRD description changes, its <c>en</c> no longer matches.
/// </summary>
internal sealed class ReferenceTranslation
{
    private readonly Dictionary<(string Section, string Name), (string? En, string? Zh)> _entries;

    private ReferenceTranslation(Dictionary<(string, string), (string?, string?)> entries) => _entries = entries;

    public static string Path => RepoPaths.Of("docs", "zh-CN", "field-descriptions.yaml");

    public static ReferenceTranslation Load(string path) => Parse(File.ReadAllText(path), path);

    public static ReferenceTranslation Parse(string yaml, string source)
    {
        var entries = new Dictionary<(string, string), (string?, string?)>();
        var root = YamlDocuments.Parse(yaml).SingleOrDefault() ?? throw new InvalidDataException($"{source}: no YAML mapping");
        foreach (var (section, names) in root)
        {
            if (names is not JsonObject map) throw new InvalidDataException($"{source}: section {section} must be a mapping of name to {{en, zh}}");
            foreach (var (name, entry) in map)
            {
                if (entry is not JsonObject texts) throw new InvalidDataException($"{source}: {section}.{name} must be a mapping with en and zh");
                entries[(section, name)] = (Str(texts["en"]), Str(texts["zh"]));
            }
        }
        return new ReferenceTranslation(entries);
    }

    /// <summary>The Chinese of a text; a text without one keeps its English (the translation test names it).</summary>
    public string Chinese(ReferenceText piece) =>
        _entries.TryGetValue((piece.Section, piece.Name), out var entry) && !string.IsNullOrWhiteSpace(entry.Zh) ? entry.Zh : piece.English;

    /// <summary>What a translator must fix: texts without a translation, translations of an English that changed, entries for what no longer exists.</summary>
    public List<string> Problems(IReadOnlyList<ReferenceText> english)
    {
        var problems = new List<string>();
        foreach (var piece in english)
        {
            if (!_entries.TryGetValue((piece.Section, piece.Name), out var entry) || string.IsNullOrWhiteSpace(entry.Zh))
                problems.Add($"{piece.Label} has no translation: add it under {piece.Section} with en and zh");
            else if (entry.En != piece.English)
                problems.Add($"translation of {piece.Label} is stale: the English changed; now: {piece.English}");
        }
        var current = english.Select(p => (p.Section, p.Name)).ToHashSet();
        foreach (var (section, name) in _entries.Keys.Where(k => !current.Contains(k)))
            problems.Add($"translation of {new ReferenceText(section, name, "").Label} names a {(section == ReferenceText.Fields ? "field" : "text")} that no longer exists");
        return problems;
    }
}
