using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MultusConfig.Operator.Admission;
using MultusConfig.Operator.Tests.Controller;

namespace MultusConfig.Operator.Tests.Admission;

public sealed class LargeReviewLaneTests
{
    private const string Spec = """{"cniType":"macvlan","macvlan":{"master":["eth0"]}}""";

    [Theory]
    [InlineData(0, false)]
    [InlineData(LargeReviewLane.ThresholdBytes, false)]
    [InlineData(LargeReviewLane.ThresholdBytes + 1, true)]
    [InlineData(3 * 1024 * 1024, true)]
    public void Only_bodies_over_the_threshold_take_the_lane(int bytes, bool large) => Assert.Equal(large, LargeReviewLane.IsLarge(bytes));

    [Fact]
    public async Task A_second_request_waits_until_the_first_turn_is_released()
    {
        using var lane = new LargeReviewLane();
        var first = await lane.EnterAsync(CancellationToken.None);
        var second = lane.EnterAsync(CancellationToken.None);
        await OperatorFixture.EventuallyAsync(() => Task.FromResult<int?>(lane.Waiting), n => n == 1, "the second request waits", seconds: 10);
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second).Dispose();
        Assert.Equal((0, false), (lane.Waiting, lane.Busy));
    }

    [Fact]
    public async Task A_request_cancelled_while_waiting_leaves_the_lane_free_for_the_next()
    {
        using var lane = new LargeReviewLane();
        var first = await lane.EnterAsync(CancellationToken.None);
        using var gone = new CancellationTokenSource();
        var abandoned = lane.EnterAsync(gone.Token);
        await gone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.Equal(0, lane.Waiting);

        first.Dispose();
        var next = lane.EnterAsync(CancellationToken.None);
        Assert.True(next.IsCompletedSuccessfully, "the lane stayed taken by the request that went away");
        (await next).Dispose();
    }

    [Fact]
    public async Task While_a_large_review_is_being_judged_another_large_one_waits_and_an_ordinary_one_is_answered()
    {
        await using var host = await WebhookHost.StartAsync(new FakeNadOwners());
        var lane = host.Services.GetRequiredService<LargeReviewLane>();
        var held = await lane.EnterAsync(CancellationToken.None); // stands for a large review being parsed
        Task<JsonObject> large;
        try
        {
            // A real SMC review with a 100 KiB annotation: over the threshold, under every size limit.
            var padded = Reviews.Smc("big", Spec, annotations: $$"""{"example.com/note":"{{new string('x', 100 * 1024)}}"}""");
            large = host.ReviewAsync(Reviews.ValidatePath, Reviews.Review("CREATE", padded));
            await OperatorFixture.EventuallyAsync(() => Task.FromResult<int?>(lane.Waiting), n => n == 1, "the large review waits for its turn", seconds: 30);

            var ordinary = await host.ReviewAsync(Reviews.ValidatePath, Reviews.Review("CREATE", Reviews.Smc("small", Spec)));
            Assert.True((bool)ordinary["allowed"]!, ordinary.ToJsonString());
            Assert.False(large.IsCompleted, "the large review was judged while the lane was taken");
        }
        finally
        {
            held.Dispose();
        }
        var answer = await large;
        Assert.True((bool)answer["allowed"]!, answer.ToJsonString());
        Assert.False(lane.Busy);
    }
}
