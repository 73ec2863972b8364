using System.Globalization;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// The fuzz run's knobs, from the environment: the CI default is small and seeded; the soak script sets
/// MULTUS_CONFIG_SOAK=1 and MULTUS_CONFIG_FUZZ_COUNT=100000.
/// </summary>
internal sealed record FuzzSettings(int Count, ulong Seed, bool Soak)
{
    /// <summary>Keeps the CI run well under a minute on a loaded 2-core machine.</summary>
    public const int DefaultCount = 5_000;
    public const ulong DefaultSeed = 20_261_125;

    public static FuzzSettings FromEnvironment() => new(
        int.TryParse(Environment.GetEnvironmentVariable("MULTUS_CONFIG_FUZZ_COUNT"), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0 ? count : DefaultCount,
        ulong.TryParse(Environment.GetEnvironmentVariable("MULTUS_CONFIG_FUZZ_SEED"), NumberStyles.None, CultureInfo.InvariantCulture, out var seed) ? seed : DefaultSeed,
        Environment.GetEnvironmentVariable("MULTUS_CONFIG_SOAK") == "1");
}
