namespace MultusConfig.Operator.Admission;

/// <summary>
/// Who controls a NAD, as the controller's informer cache knows it: the name of the controlling
/// SpiderMultusConfig, or null when the NAD does not exist or no SMC controls it.
/// </summary>
public interface INadOwnerLookup
{
    /// <summary>False when the cache has not synced yet (the webhook then skips the conflict check).</summary>
    bool IsReady { get; }

    string? ControllingSmc(string nadNamespace, string nadName);
}
