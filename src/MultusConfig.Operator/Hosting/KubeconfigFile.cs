using k8s;
using k8s.KubeConfigModels;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace MultusConfig.Operator.Hosting;

/// <summary>
/// Reads one kubeconfig file into the client's configuration with a plain YamlDotNet deserializer.
/// The client's own loader goes through KubernetesYaml, whose type map registers every model type of
/// the library on first use: about 30 MiB of resident memory for the life of the process, spent to
/// read a file of a few hundred bytes. The models carry their YAML names, so nothing is lost.
/// </summary>
public static class KubeconfigFile
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    public static KubernetesClientConfiguration Load(string path)
    {
        var full = Path.GetFullPath(path);
        K8SConfiguration? config;
        try
        {
            config = Yaml.Deserialize<K8SConfiguration>(File.ReadAllText(full));
        }
        catch (YamlException e)
        {
            throw new ConfigurationException($"kubeconfig {full}: line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"kubeconfig {full}: {e.Message}", e);
        }
        if (config is null) throw new ConfigurationException($"kubeconfig {full} is empty");
        // Relative certificate and key paths are resolved against the file's folder, as kubectl does.
        config.FileName = full;
        return KubernetesClientConfiguration.BuildConfigFromConfigObject(config);
    }
}
