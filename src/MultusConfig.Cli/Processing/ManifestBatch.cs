using MultusConfig.Cli.Input;
using MultusConfig.Core.Api;
using MultusConfig.Core.Manifests;
using MultusConfig.Core.Pipeline;
using MultusConfig.Core.Rendering;
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
                    if (KindTypo.Check(source, document, options.Namespace) is { } typo)
                    {
                        stderr.WriteLine($"{typo.Key}: {OneLine(typo.Result.Errors[0].ToString())}");
                        entries.Add(typo);
                    }
                    else
                    {
                        skipped.Add(document);
                    }
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
        RefuseNadCollisions(entries, stderr);
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
    /// Two different SMCs that would write the same NAD (by name or <c>cr-name</c>): the webhook refuses the
    /// second one applied and the controller marks it NameConflict, so offline both are errors, each naming the other.
    /// </summary>
    private static void RefuseNadCollisions(List<SmcEntry> entries, TextWriter stderr)
    {
        var byNad = entries
            .Select((entry, index) => (entry, index))
            .Where(x => x.entry.Result.Smc is { } smc && x.entry.Result.Name.Length > 0 && NadRenderer.TargetName(smc).Length > 0)
            .GroupBy(x => $"{x.entry.Result.Namespace}/{NadRenderer.TargetName(x.entry.Result.Smc!)}", StringComparer.Ordinal);
        foreach (var group in byNad)
        {
            if (group.Select(x => x.entry.Key).Distinct(StringComparer.Ordinal).Count() < 2) continue;
            foreach (var (entry, index) in group)
            {
                var others = group.Where(o => o.entry.Key != entry.Key)
                    .Select(o => $"SpiderMultusConfig {o.entry.Key} ({o.entry.Source.DisplayName}:{o.entry.Document.Line})").Distinct(StringComparer.Ordinal);
                var smc = entry.Result.Smc!;
                var nadName = NadRenderer.TargetName(smc);
                var path = smc.Metadata.Annotations?.ContainsKey(Annotations.CrName) == true ? $"metadata.annotations[{Annotations.CrName}]" : "metadata.name";
                var error = new FieldError(path, FieldErrorKind.Invalid,
                    $"the NAD {group.Key} is also produced by {string.Join(", ", others)}; the webhook refuses whichever is applied second",
                    $"\"{System.Text.Json.JsonEncodedText.Encode(nadName)}\"");
                stderr.WriteLine($"{entry.Key}: {OneLine(error.ToString())}");
                entries[index] = entry with { Result = entry.Result with { Errors = [.. entry.Result.Errors, error], Nad = null } };
            }
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
