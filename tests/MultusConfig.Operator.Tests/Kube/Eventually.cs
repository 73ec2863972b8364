namespace MultusConfig.Operator.Tests.Kube;

/// <summary>Waits for a state the test observes (never for a fixed time).</summary>
internal static class Eventually
{
    public static async Task UntilAsync(Func<bool> done, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!done())
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException("never happened: " + what);
            await Task.Delay(20);
        }
    }
}
