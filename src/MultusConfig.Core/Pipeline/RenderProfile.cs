namespace MultusConfig.Core.Pipeline;

/// <summary>Which defaults are materialized before the one renderer runs (spec 0.1).</summary>
public enum RenderProfile
{
    /// <summary>The configs the product documentation shows: only what the user set, plus what changes behaviour.</summary>
    Documented,
    /// <summary>Byte-identical to the reference implementation, for migrations that must rewrite no NAD.</summary>
    Spiderpool,
}
