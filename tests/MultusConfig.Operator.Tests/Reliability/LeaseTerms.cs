using MultusConfig.ApiServer;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>One holder's uninterrupted run of successful Lease writes; it lasts until the next holder's first write.</summary>
internal sealed record LeaseTerm(string Holder, DateTimeOffset Start, DateTimeOffset LastRenewal, DateTimeOffset? End)
{
    public bool Covers(DateTimeOffset time) => time >= Start && (End is null || time < End);

    public override string ToString() => $"{Holder} {Start:HH:mm:ss.fff}..{End?.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture) ?? "now"}";
}

/// <summary>
/// Leadership as the API server saw it, from the request log alone: every successful write of the Lease comes
/// from its holder (a standby's only successful write is the one that acquires it), and the operator's
/// User-Agent names the replica.
/// </summary>
internal static class LeaseTerms
{
    public static IReadOnlyList<LeaseTerm> From(IEnumerable<RequestRecord> log, string leaseName = "multus-config-operator")
    {
        var writes = log.Where(r => r.Resource == "leases" && r.Verb is "create" or "update" or "patch"
                                    && (r.Name == leaseName || (r.Verb == "create" && r.Name is null))
                                    && r.StatusCode is >= 200 and < 300)
            .OrderBy(r => r.Time).ToList();
        var terms = new List<LeaseTerm>();
        foreach (var w in writes)
        {
            var holder = PodOf(w.UserAgent) ?? throw new InvalidOperationException($"lease write without a replica name: {w}");
            if (terms.Count > 0 && terms[^1].Holder == holder) terms[^1] = terms[^1] with { LastRenewal = w.Time };
            else
            {
                if (terms.Count > 0) terms[^1] = terms[^1] with { End = w.Time };
                terms.Add(new LeaseTerm(holder, w.Time, w.Time, null));
            }
        }
        return terms;
    }

    /// <summary>The writes of a controller: NADs (any write) and SMC status.</summary>
    public static bool IsControllerWrite(RequestRecord r) =>
        r.Verb is "create" or "update" or "patch" or "delete" or "deletecollection"
        && (r.Resource == "network-attachment-definitions" || (r.Resource == "spidermultusconfigs" && r.Subresource == "status"));

    /// <summary>Every controller write whose sender did not hold the Lease when the write arrived.</summary>
    public static List<string> WritesOutsideTheirTerm(IEnumerable<RequestRecord> log, IReadOnlyList<LeaseTerm> terms) =>
        log.Where(IsControllerWrite)
            .Select(w => (Write: w, Term: terms.LastOrDefault(t => t.Start <= w.Time)))
            .Where(x => x.Term is null || x.Term.Holder != PodOf(x.Write.UserAgent) || !x.Term.Covers(x.Write.Time))
            .Select(x => $"{x.Write.Time:HH:mm:ss.fff} {x.Write} during term {x.Term?.ToString() ?? "none"}")
            .ToList();

    /// <summary>The pod name in <c>multus-config-operator/VERSION (POD)</c>.</summary>
    public static string? PodOf(string? userAgent)
    {
        if (userAgent is null || !userAgent.StartsWith("multus-config-operator/", StringComparison.Ordinal)) return null;
        var open = userAgent.LastIndexOf('(');
        var close = userAgent.LastIndexOf(')');
        return open >= 0 && close > open ? userAgent[(open + 1)..close] : null;
    }
}
