namespace MultusConfig.Operator.Controller.Runtime;

/// <summary>Read access to an informer's cache by "namespace/name" key.</summary>
public interface IObjectCache<out T>
    where T : class
{
    T? Get(string key);
}
