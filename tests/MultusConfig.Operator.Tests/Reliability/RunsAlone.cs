namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// Tests that keep both cores busy for most of a minute run alone, after the parallel ones: alongside them,
/// timing-bound tests elsewhere (the API server double's 5 s webhook timeout) were starved and failed.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Runs alone (saturates the CPU)";
}
