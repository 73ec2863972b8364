using System.Globalization;
using System.Net;
using k8s.Models;
using MultusConfig.Operator.Kube;

namespace MultusConfig.Operator.Tests.Kube;

/// <summary>
/// One Lease with the API server's rules for it: create fails with 409 AlreadyExists when it exists, replace fails
/// with 404 when it does not and 409 Conflict when the resourceVersion is stale; every write bumps the
/// resourceVersion. Objects are copied in and out. <see cref="Fault"/> lets a test fail the next requests.
/// </summary>
internal sealed class InMemoryLeaseStore : ILeaseStore
{
    private readonly Lock _gate = new();
    private V1Lease? _lease;
    private int _version;

    /// <summary>Asked before each request with its verb (get, create, update); an exception returned is thrown instead.</summary>
    public Func<string, Exception?>? Fault { get; set; }

    /// <summary>
    /// Makes the next request with <paramref name="verb"/> hang until its token is cancelled (a server that does not
    /// answer); the returned task completes when that request has arrived.
    /// </summary>
    public Task HangNext(string verb)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate) _hang = (verb, arrived);
        return arrived.Task;
    }

    private (string Verb, TaskCompletionSource Arrived)? _hang;

    /// <summary>The verbs of the requests that reached the store, in order (faulted ones too).</summary>
    public List<string> Requests { get; } = [];

    /// <summary>The stored Lease (a copy), or null.</summary>
    public V1Lease? Current
    {
        get { lock (_gate) return Copy(_lease); }
    }

    /// <summary>Writes the spec as another party would (bumping the resourceVersion); returns the stored copy.</summary>
    public V1Lease Put(V1LeaseSpec spec)
    {
        lock (_gate) return Copy(Store(new V1Lease { Metadata = new V1ObjectMeta { Name = "lease", NamespaceProperty = "ns" }, Spec = spec }))!;
    }

    public async Task<V1Lease?> GetAsync(CancellationToken cancellationToken)
    {
        await HangAsync("get", cancellationToken);
        lock (_gate)
        {
            Enter("get");
            return Copy(_lease);
        }
    }

    public async Task<V1Lease> CreateAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        await HangAsync("create", cancellationToken);
        lock (_gate)
        {
            Enter("create");
            if (_lease is not null) throw new KubeApiException(HttpStatusCode.Conflict, "AlreadyExists", "leases \"lease\" already exists");
            lease.Metadata ??= new V1ObjectMeta();
            lease.Metadata.Name = "lease";
            lease.Metadata.NamespaceProperty = "ns";
            return Copy(Store(lease))!;
        }
    }

    public async Task<V1Lease> ReplaceAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        await HangAsync("update", cancellationToken);
        lock (_gate)
        {
            Enter("update");
            if (_lease is null) throw new KubeApiException(HttpStatusCode.NotFound, "NotFound", "leases \"lease\" not found");
            if (lease.Metadata?.ResourceVersion != _lease.Metadata.ResourceVersion)
                throw new KubeApiException(HttpStatusCode.Conflict, "Conflict", "the object has been modified; please apply your changes to the latest version and try again");
            return Copy(Store(lease))!;
        }
    }

    private async Task HangAsync(string verb, CancellationToken cancellationToken)
    {
        // As an HTTP client does: a request on a cancelled token is not sent.
        cancellationToken.ThrowIfCancellationRequested();
        TaskCompletionSource? arrived = null;
        lock (_gate)
        {
            if (_hang is { } h && h.Verb == verb)
            {
                arrived = h.Arrived;
                _hang = null;
            }
        }
        if (arrived is null) return;
        lock (_gate) Requests.Add(verb + " (hung)");
        arrived.SetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    private void Enter(string verb)
    {
        Requests.Add(verb);
        if (Fault?.Invoke(verb) is { } e) throw e;
    }

    private V1Lease Store(V1Lease lease)
    {
        _lease = Copy(lease)!;
        _lease.Metadata.ResourceVersion = (++_version).ToString(CultureInfo.InvariantCulture);
        return _lease;
    }

    private static V1Lease? Copy(V1Lease? lease) => lease is null ? null : new V1Lease
    {
        Metadata = new V1ObjectMeta { Name = lease.Metadata?.Name, NamespaceProperty = lease.Metadata?.NamespaceProperty, ResourceVersion = lease.Metadata?.ResourceVersion },
        Spec = lease.Spec is not { } s ? null : new V1LeaseSpec
        {
            HolderIdentity = s.HolderIdentity,
            LeaseDurationSeconds = s.LeaseDurationSeconds,
            AcquireTime = s.AcquireTime,
            RenewTime = s.RenewTime,
            LeaseTransitions = s.LeaseTransitions,
            PreferredHolder = s.PreferredHolder,
            Strategy = s.Strategy,
        },
    };
}
