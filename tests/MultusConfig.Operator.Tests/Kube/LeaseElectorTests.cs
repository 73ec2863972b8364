using System.Net;
using k8s.Models;
using Microsoft.Extensions.Logging;
using MultusConfig.Operator.Kube;
using MultusConfig.Operator.Tests.Admission;

namespace MultusConfig.Operator.Tests.Kube;

/// <summary>
/// The elector's client-go semantics on an in-memory Lease and a fake clock (defaults 15 s / 10 s / 2 s). Each test
/// steps the elector from wait to wait and looks at the Lease and the callbacks in between.
/// </summary>
public sealed class LeaseElectorTests
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);

    private static V1LeaseSpec HeldBy(string holder, DateTime renewTime, int transitions = 0, int durationSeconds = 15) => new()
    {
        HolderIdentity = holder,
        LeaseDurationSeconds = durationSeconds,
        AcquireTime = renewTime,
        RenewTime = renewTime,
        LeaseTransitions = transitions,
    };

    [Fact]
    public async Task An_absent_lease_is_created_with_us_as_holder_and_the_term_starts()
    {
        var store = new InMemoryLeaseStore();
        await using var h = new ElectorHarness(store);

        await h.StartAsync();

        await h.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(h.Elector.IsLeading);
        var spec = store.Current!.Spec;
        Assert.Equal("me", spec.HolderIdentity);
        Assert.Equal(15, spec.LeaseDurationSeconds);
        Assert.Equal(0, spec.LeaseTransitions);
        Assert.Equal(h.Time.GetUtcNow().UtcDateTime, spec.AcquireTime);
        Assert.Equal(h.Time.GetUtcNow().UtcDateTime, spec.RenewTime);
        Assert.Equal("create", store.Requests[1]);
        Assert.Equal(["me"], h.NewLeaders);
    }

    [Fact]
    public async Task A_lease_with_an_empty_holder_is_taken_in_the_first_round_and_counts_a_transition()
    {
        var store = new InMemoryLeaseStore();
        store.Put(HeldBy("", DateTime.UtcNow, transitions: 4, durationSeconds: 1));
        await using var h = new ElectorHarness(store);

        await h.StartAsync();

        Assert.True(h.Elector.IsLeading);
        Assert.Equal("me", store.Current!.Spec.HolderIdentity);
        Assert.Equal(5, store.Current.Spec.LeaseTransitions);
        Assert.Equal(15, store.Current.Spec.LeaseDurationSeconds);
    }

    [Fact]
    public async Task A_lease_its_holder_keeps_renewing_is_never_taken_and_its_holder_is_reported()
    {
        var store = new InMemoryLeaseStore();
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        store.Put(HeldBy("other", start.UtcDateTime, transitions: 2));
        await using var h = new ElectorHarness(store, jitter: 1, start: start);

        var wait = await h.StartAsync();
        for (var i = 0; i < 20; i++)
        {
            // The holder renews between our rounds: each of our reads observes a change, so its lease never runs out.
            store.Put(HeldBy("other", h.Time.GetUtcNow().UtcDateTime, transitions: 2));
            wait = await h.StepAsync(wait!.Value);
            Assert.False(h.Elector.IsLeading);
        }

        Assert.True(h.Time.GetUtcNow() - start > 4 * h.Options.LeaseDuration, "the test covered several lease durations");
        Assert.Equal("other", store.Current!.Spec.HolderIdentity);
        Assert.DoesNotContain("update", store.Requests);
        Assert.Equal(["other"], h.NewLeaders);
        Assert.Equal("other", h.Elector.Leader);
    }

    [Fact]
    public async Task Acquire_rounds_wait_the_retry_period_plus_a_jitter_of_at_most_1_2_retry_periods()
    {
        var store = new InMemoryLeaseStore();
        store.Put(HeldBy("other", DateTime.UtcNow));
        await using var none = new ElectorHarness(store, jitter: 0);
        await using var most = new ElectorHarness(store, jitter: 0.999999);

        Assert.Equal(Retry, await none.StartAsync());
        var longest = (await most.StartAsync())!.Value;
        Assert.True(longest > Retry * 2.19 && longest <= Retry * 2.2, $"{longest}");
    }

    [Fact]
    public async Task A_held_lease_is_taken_over_after_LeaseDuration_without_an_observed_change_even_when_its_renewTime_is_in_the_future()
    {
        var store = new InMemoryLeaseStore();
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        // The holder's clock runs an hour ahead of ours: its renewTime says nothing about expiry on our clock.
        store.Put(HeldBy("other", start.UtcDateTime.AddHours(1), transitions: 3));
        await using var h = new ElectorHarness(store, start: start);

        var wait = await h.StartAsync();
        while (h.Time.GetUtcNow() - start + wait!.Value <= h.Options.LeaseDuration)
        {
            wait = await h.StepAsync(wait.Value);
            Assert.False(h.Elector.IsLeading);
            Assert.Equal("other", store.Current!.Spec.HolderIdentity);
        }
        await h.StepAsync(wait.Value);

        Assert.True(h.Elector.IsLeading);
        var spec = store.Current!.Spec;
        Assert.Equal("me", spec.HolderIdentity);
        Assert.Equal(4, spec.LeaseTransitions);
        Assert.Equal(h.Time.GetUtcNow().UtcDateTime, spec.AcquireTime);
        Assert.True(h.Time.GetUtcNow() - start >= h.Options.LeaseDuration);
        Assert.Equal(["other", "me"], h.NewLeaders);
    }

    [Fact]
    public async Task A_held_lease_whose_renewTime_is_long_past_is_still_waited_for_a_full_LeaseDuration_from_our_first_observation()
    {
        var store = new InMemoryLeaseStore();
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        // By its own times this lease expired an hour ago; we have not yet watched it for a lease duration.
        store.Put(HeldBy("other", start.UtcDateTime.AddHours(-1)));
        await using var h = new ElectorHarness(store, start: start);

        var wait = await h.StartAsync();
        Assert.False(h.Elector.IsLeading);
        while (h.Time.GetUtcNow() - start + wait!.Value <= h.Options.LeaseDuration)
        {
            wait = await h.StepAsync(wait.Value);
            Assert.False(h.Elector.IsLeading);
        }
        await h.StepAsync(wait.Value);

        Assert.True(h.Elector.IsLeading);
        Assert.Equal(1, store.Current!.Spec.LeaseTransitions);
    }

    [Fact]
    public async Task A_conflict_on_create_loses_the_round_and_the_next_round_finds_the_winner_holding_the_lease()
    {
        var store = new InMemoryLeaseStore();
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        store.Fault = verb =>
        {
            if (verb != "create") return null;
            store.Fault = null;
            // Another replica's create landed between our read and our create.
            store.Put(HeldBy("other", start.UtcDateTime));
            return new KubeApiException(HttpStatusCode.Conflict, "AlreadyExists", "leases \"lease\" already exists");
        };
        await using var h = new ElectorHarness(store, start: start);

        var wait = await h.StartAsync();
        Assert.False(h.Elector.IsLeading);
        await h.StepAsync(wait!.Value);

        Assert.False(h.Elector.IsLeading);
        Assert.Equal("other", store.Current!.Spec.HolderIdentity);
        Assert.Equal(["get", "create", "get"], store.Requests);
        Assert.Equal(["other"], h.NewLeaders);
    }

    [Fact]
    public async Task A_conflict_on_replace_loses_the_round_and_a_later_round_acquires_over_the_new_resourceVersion()
    {
        var store = new InMemoryLeaseStore();
        store.Put(HeldBy("", DateTime.UtcNow, transitions: 1, durationSeconds: 1));
        store.Fault = verb =>
        {
            if (verb != "update") return null;
            store.Fault = null;
            return new KubeApiException(HttpStatusCode.Conflict, "Conflict", "the object has been modified");
        };
        await using var h = new ElectorHarness(store);

        var wait = await h.StartAsync();
        Assert.False(h.Elector.IsLeading);
        Assert.Equal("", store.Current!.Spec.HolderIdentity);
        await h.StepAsync(wait!.Value);

        Assert.True(h.Elector.IsLeading);
        Assert.Equal("me", store.Current!.Spec.HolderIdentity);
        Assert.Equal(2, store.Current.Spec.LeaseTransitions);
    }

    [Fact]
    public async Task Renewals_that_keep_failing_for_RenewDeadline_end_the_term_and_call_OnStoppedLeading()
    {
        var store = new InMemoryLeaseStore();
        var termEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var h = new ElectorHarness(store, work: async ct =>
        {
            try { await Task.Delay(Timeout.Infinite, ct); }
            finally { termEnded.TrySetResult(); }
        });
        var wait = await h.StartAsync();
        Assert.True(h.Elector.IsLeading);

        store.Fault = _ => new HttpRequestException("connection refused");
        var failingSince = h.Time.GetUtcNow() + wait!.Value;
        while (true)
        {
            wait = await h.StepAsync(wait!.Value);
            if (wait is null) break;
            Assert.True(h.Time.GetUtcNow() - failingSince < h.Options.RenewDeadline, "still leading past the renew deadline");
            Assert.True(h.Elector.IsLeading);
            Assert.False(h.Stopped.Task.IsCompleted);
        }

        Assert.Equal(h.Options.RenewDeadline, h.Time.GetUtcNow() - failingSince);
        await h.Run!;
        Assert.True(h.Stopped.Task.IsCompleted);
        Assert.True(termEnded.Task.IsCompleted);
        Assert.False(h.Elector.IsLeading);
        // A lost lease is not released: it is not known to be ours.
        Assert.Equal("me", store.Current!.Spec.HolderIdentity);
    }

    [Fact]
    public async Task A_renewal_that_succeeds_before_RenewDeadline_keeps_the_term_its_acquire_time_and_its_transitions()
    {
        var store = new InMemoryLeaseStore();
        store.Put(HeldBy("", DateTime.UtcNow, transitions: 7, durationSeconds: 1));
        await using var h = new ElectorHarness(store);
        var wait = await h.StartAsync();
        var acquired = store.Current!.Spec;
        Assert.Equal(8, acquired.LeaseTransitions);

        var failures = 4;
        store.Fault = verb => verb == "update" && failures-- > 0 ? new KubeApiException(HttpStatusCode.InternalServerError, "InternalError", "etcd timeout") : null;
        while (failures >= 0) wait = await h.StepAsync(wait!.Value);

        Assert.True(h.Elector.IsLeading);
        var renewed = store.Current!.Spec;
        Assert.Equal("me", renewed.HolderIdentity);
        Assert.Equal(acquired.AcquireTime, renewed.AcquireTime);
        Assert.Equal(8, renewed.LeaseTransitions);
        Assert.Equal(h.Time.GetUtcNow().UtcDateTime, renewed.RenewTime);
        Assert.True(renewed.RenewTime > acquired.RenewTime);
    }

    [Fact]
    public async Task Cancelling_a_leader_releases_the_lease_with_an_empty_holder_and_a_one_second_duration_after_its_work_has_ended()
    {
        var store = new InMemoryLeaseStore();
        var waitingForWork = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finishWork = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var h = new ElectorHarness(store, work: async ct =>
        {
            try { await Task.Delay(Timeout.Infinite, ct); }
            catch (OperationCanceledException)
            {
                // A controller finishing its in-flight writes: the Lease must stay ours until it has.
                await finishWork.Task;
                throw;
            }
        });
        h.Elector.WaitingForTerm += () => waitingForWork.TrySetResult();
        await h.StartAsync();
        await h.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var held = store.Current!;

        var cancelled = h.CancelAsync();
        try
        {
            await waitingForWork.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal("me", store.Current!.Spec.HolderIdentity);
            Assert.Equal(held.Metadata.ResourceVersion, store.Current.Metadata.ResourceVersion);
        }
        finally
        {
            finishWork.SetResult();
        }
        await cancelled;

        var released = store.Current!;
        Assert.Equal("", released.Spec.HolderIdentity);
        Assert.Equal(1, released.Spec.LeaseDurationSeconds);
        Assert.Equal(held.Spec.LeaseTransitions, released.Spec.LeaseTransitions);
        Assert.Equal(h.Time.GetUtcNow().UtcDateTime, released.Spec.RenewTime);
        Assert.NotEqual(held.Metadata.ResourceVersion, released.Metadata.ResourceVersion);
        Assert.True(h.Stopped.Task.IsCompleted);
    }

    [Fact]
    public async Task Cancelling_does_not_release_a_lease_that_another_replica_holds_by_now()
    {
        var store = new InMemoryLeaseStore();
        await using var h = new ElectorHarness(store);
        await h.StartAsync();
        var theirs = store.Put(HeldBy("other", DateTime.UtcNow, transitions: 1));

        await h.CancelAsync();

        var after = store.Current!;
        Assert.Equal("other", after.Spec.HolderIdentity);
        Assert.Equal(15, after.Spec.LeaseDurationSeconds);
        Assert.Equal(theirs.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task A_release_that_meets_a_conflict_reads_the_lease_again_and_releases_it()
    {
        var store = new InMemoryLeaseStore();
        await using var h = new ElectorHarness(store);
        await h.StartAsync();
        store.Fault = verb =>
        {
            if (verb != "update") return null;
            store.Fault = null;
            return new KubeApiException(HttpStatusCode.Conflict, "Conflict", "the object has been modified");
        };

        await h.CancelAsync();

        Assert.Equal("", store.Current!.Spec.HolderIdentity);
        Assert.Equal(1, store.Current.Spec.LeaseDurationSeconds);
    }

    [Fact]
    public async Task Without_ReleaseOnCancel_a_cancelled_leader_leaves_the_lease_held()
    {
        var store = new InMemoryLeaseStore();
        await using var h = new ElectorHarness(store, releaseOnCancel: false);
        await h.StartAsync();

        await h.CancelAsync();

        Assert.Equal("me", store.Current!.Spec.HolderIdentity);
        Assert.Equal(15, store.Current.Spec.LeaseDurationSeconds);
    }

    [Fact]
    public async Task A_clean_stop_during_a_renewal_logs_no_warning_and_still_releases()
    {
        var store = new InMemoryLeaseStore();
        var logs = new CapturingLoggerProvider();
        using var loggers = new LoggerFactory([logs]);
        await using var h = new ElectorHarness(store, logger: loggers.CreateLogger<LeaseElector>());
        var wait = await h.StartAsync();
        var renewing = store.HangNext("update");
        h.Time.Advance(wait!.Value);
        await renewing.WaitAsync(TimeSpan.FromSeconds(30));

        await h.CancelAsync();

        Assert.Equal("", store.Current!.Spec.HolderIdentity);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("released the lease", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task A_failed_lease_request_is_logged_as_a_warning_with_the_api_answer_and_no_stack_trace()
    {
        var store = new InMemoryLeaseStore();
        store.Put(HeldBy("", DateTime.UtcNow));
        store.Fault = verb => verb == "update" ? new KubeApiException(HttpStatusCode.Forbidden, "Forbidden", "leases \"lease\" is forbidden: User \"x\" cannot update") : null;
        var logs = new CapturingLoggerProvider();
        using var loggers = new LoggerFactory([logs]);
        await using var h = new ElectorHarness(store, logger: loggers.CreateLogger<LeaseElector>());

        await h.StartAsync();

        var warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal("lease request failed (update): HTTP 403 Forbidden: leases \"lease\" is forbidden: User \"x\" cannot update", warning.Message);
        Assert.Null(warning.Exception);
    }

    [Fact]
    public void Options_that_client_go_rejects_are_rejected()
    {
        var store = new InMemoryLeaseStore();
        var callbacks = new LeaderCallbacks { OnStartedLeading = _ => Task.CompletedTask };
        Assert.Throws<ArgumentException>(() => new LeaseElector(store, new LeaseElectorOptions { Identity = "me", RenewDeadline = TimeSpan.FromSeconds(2.4) }, callbacks));
        Assert.Throws<ArgumentException>(() => new LeaseElector(store, new LeaseElectorOptions { Identity = "me", LeaseDuration = TimeSpan.FromSeconds(10) }, callbacks));
        Assert.Throws<ArgumentException>(() => new LeaseElector(store, new LeaseElectorOptions { Identity = "" }, callbacks));
    }
}
