using System.Collections.Concurrent;

namespace MultusConfig.ApiServer;

/// <summary>One request as the double saw it. Status is 0 while a watch is still streaming.</summary>
public sealed class RequestRecord
{
    public required DateTimeOffset Time { get; init; }
    public required string Method { get; init; }
    /// <summary>Kubernetes verb (get, list, watch, create, update, patch, delete, deletecollection) or the HTTP method for other paths.</summary>
    public required string Verb { get; init; }
    public required string Path { get; init; }
    public required string Query { get; init; }
    public string? Resource { get; init; }
    public string? Subresource { get; init; }
    public string? Namespace { get; init; }
    public string? Name { get; init; }
    public string? UserAgent { get; init; }
    public string? ContentType { get; init; }
    public string? Accept { get; init; }
    public int StatusCode { get; internal set; }

    public override string ToString() => $"{Verb} {Path}{Query} -> {StatusCode} ({UserAgent})";
}

/// <summary>Every request served, in arrival order, for tests to inspect.</summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<RequestRecord> _records = new();

    public IReadOnlyList<RequestRecord> All => _records.ToArray();

    public int Count(string? verb = null, string? resource = null) =>
        _records.Count(r => (verb is null || r.Verb == verb) && (resource is null || r.Resource == resource));

    public void Clear() => _records.Clear();

    internal void Add(RequestRecord record) => _records.Enqueue(record);
}
