namespace MultusConfig.Cli.Input;

/// <summary>
/// Expands the <c>-f</c> arguments into the sources to read: a file as given, a folder as the
/// <c>*.yaml</c>, <c>*.yml</c> and <c>*.json</c> files directly in it (ordinal order by name, so output
/// is the same on every machine), <c>-</c> as standard input.
/// </summary>
public static class InputLocator
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    public static IReadOnlyList<InputSource> Locate(IEnumerable<string> paths, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(errors);
        var sources = new List<InputSource>();
        foreach (var path in paths)
        {
            if (path == "-")
            {
                sources.Add(InputSource.Stdin);
            }
            else if (Directory.Exists(path))
            {
                var files = FilesIn(path, errors);
                if (files.Count == 0)
                {
                    errors.Add($"{path}: no *.yaml, *.yml or *.json files in this folder");
                }
                sources.AddRange(files);
            }
            else if (File.Exists(path))
            {
                sources.Add(new InputSource(path, path));
            }
            else
            {
                errors.Add($"{path}: no such file or folder");
            }
        }
        return sources;
    }

    private static List<InputSource> FilesIn(string folder, ICollection<string> errors)
    {
        try
        {
            return Directory.EnumerateFiles(folder)
                .Where(f => Extensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
                .Order(StringComparer.Ordinal)
                .Select(f => new InputSource(f, f))
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{folder}: cannot list the folder: {e.Message}");
            return [];
        }
    }
}
