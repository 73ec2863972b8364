namespace MultusConfig.Core.Api;

/// <summary>The values of <c>spec.macvlan.mode</c> and <c>spec.ipvlan.mode</c>, as the plugins spell them.</summary>
public static class InterfaceModes
{
    /// <summary>macvlan's default, and what an unset mode renders (the reference always wrote it).</summary>
    public const string MacvlanDefault = "bridge";

    public static readonly IReadOnlyList<string> Macvlan = ["bridge", "private", "vepa", "passthru"];
    public static readonly IReadOnlyList<string> Ipvlan = ["l2", "l3", "l3s"];
}
