namespace MultusConfig.Deploy.Tests.Cluster;

internal static class Eventually
{
    /// <summary>Polls until the condition holds; fails with the description after a generous bound (no timing claim).</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException("never happened: " + what);
    }
}
