using MultusConfig.Cli.Input;
using MultusConfig.Core.Manifests;
using MultusConfig.Core.Pipeline;
using MultusConfig.Core.Validation;

namespace MultusConfig.Cli.Processing;

/// <summary>
/// Reads every input, runs each SpiderMultusConfig through the Core pipeline, and reports on stderr as it
/// goes: read errors as <c>file:line:column: message</c>, a note per file for skipped objects, each
/// field error as <c>namespace/name: field.path: message</c>, and each render note (a value the NAD carries
/// in another form) as <c>note: namespace/name: field.path: message</c>. Input order is kept throughout.
/// </summary>
public static class ManifestBatch
{
    public static BatchOutcome Run(BatchOptions options, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var stderr = context.Stderr;
        var locateErrors = new List<string>();
        var sources = InputLocator.Locate(options.Paths, locateErrors);
        var inputFailed = locateErrors.Count > 0;
        foreach (var error in locateErrors)
        {
            stderr.WriteLine($"error: {error}");
        }

        var entries = new List<SmcEntry>();
        foreach (var source in sources)
        {
            var bytes = InputReader.ReadAll(source, context.OpenStdin, out var readError);
            if (bytes is null)
            {
                stderr.WriteLine($"error: {readError}");
                inputFailed = true;
                continue;
            }
            var manifests = ManifestReader.Read(bytes);
            foreach (var error in manifests.Errors)
            {
                stderr.WriteLine($"error: {source.DisplayName}:{error}");
                inputFailed = true;
            }
            var skipped = new List<ManifestDocument>();
            foreach (var document in manifests.Documents)
            {
                if (!SmcProcessor.IsSpiderMultusConfig(document.Manifest))
                {
                    skipped.Add(document);
                    continue;
                }
                if (Process(source, document, options, stderr) is { } entry)
                {
                    entries.Add(entry);
                }
                else
                {
                    inputFailed = true;
                }
            }
            if (skipped.Count > 0 && !options.Quiet)
            {
                stderr.WriteLine($"note: {source.DisplayName}: {SkipNote(skipped)}");
            }
        }

        WarnAboutDuplicates(entries, stderr);
        if (entries.Count == 0 && !inputFailed && !options.Quiet)
        {
            stderr.WriteLine("note: no SpiderMultusConfig found in the input");
        }
        return new BatchOutcome(entries, inputFailed);
    }

    private static SmcEntry? Process(InputSource source, ManifestDocument document, BatchOptions options, TextWriter stderr)
    {
        SmcResult result;
        try
        {
            result = SmcProcessor.Process(document.Manifest, options.Namespace, options.Profile);
        }
        catch (Exception e)
        {
            // The Core promises never to throw on input; if it does, say where, and carry on with the rest.
            stderr.WriteLine($"error: {source.DisplayName}:{document.Line}:{document.Column}: internal error processing {document.Describe()}: {OneLine(e.Message)}");
            return null;
        }
        var entry = new SmcEntry(source, document, result);
        if (result.IsValid && result.Nad is null)
        {
            result = result with { Errors = [new FieldError("spec", FieldErrorKind.Internal, "the pipeline produced no NetworkAttachmentDefinition")] };
            entry = entry with { Result = result };
        }
        foreach (var error in result.Errors)
        {
            stderr.WriteLine($"{entry.Key}: {OneLine(error.ToString())}");
        }
        // What the webhook returns as admission warnings: the SMC is valid, its NAD carries a value in another form.
        foreach (var note in result.Notes)
        {
            stderr.WriteLine($"note: {entry.Key}: {OneLine(note.ToString())}");
        }
        return entry;
    }

    private static string SkipNote(List<ManifestDocument> skipped)
    {
        static string Describe(ManifestDocument d) => d.Name.Length > 0 ? $"{d.Kind} {d.Name} (line {d.Line})" : $"{d.Kind} (line {d.Line})";
        var shown = string.Join(", ", skipped.Take(3).Select(Describe));
        var more = skipped.Count > 3 ? $" and {skipped.Count - 3} more" : "";
        var noun = skipped.Count == 1 ? "object that is not a SpiderMultusConfig" : "objects that are not SpiderMultusConfigs";
        return $"skipped {skipped.Count} {noun}: {shown}{more}";
    }

    private static void WarnAboutDuplicates(List<SmcEntry> entries, TextWriter stderr)
    {
        foreach (var group in entries.Where(e => e.Result.Name.Length > 0).GroupBy(e => e.Key, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var places = string.Join(", ", group.Select(e => $"{e.Source.DisplayName}:{e.Document.Line}"));
            stderr.WriteLine($"warning: {group.Key} is defined {group.Count()} times ({places}); a cluster keeps only the last one applied");
        }
    }

    /// <summary>
    /// Messages can carry user text: line breaks would split one error over several lines, and a value of
    /// megabytes echoed back would bury every other error, so both are cut down.
    /// </summary>
    internal static string OneLine(string text)
    {
        const int MaxLength = 2000;
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= MaxLength ? line : $"{line[..MaxLength]}… ({line.Length - MaxLength} more characters)";
    }
}
