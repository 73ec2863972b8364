namespace MultusConfig.Core.Manifests;

/// <summary>Counts the nodes one input produces, including every copy made for an alias or merge.</summary>
internal sealed class NodeBudget(int limit)
{
    private long _used;

    /// <summary>False once the input has produced more than the limit; the caller stops reading.</summary>
    public bool TrySpend(long nodes)
    {
        _used += nodes;
        return _used <= limit;
    }

    public string ExceededMessage =>
        $"the manifest expands to more than {limit:N0} nodes (an alias bomb, or far larger than any real manifest)";
}
