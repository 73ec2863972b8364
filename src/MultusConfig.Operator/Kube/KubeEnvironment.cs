namespace MultusConfig.Operator.Kube;

/// <summary>What the connection loader reads from outside the process: environment variables, the service account folder, the home folder. Tests point them elsewhere.</summary>
public sealed record KubeEnvironment
{
    public const string DefaultServiceAccountFolder = "/var/run/secrets/kubernetes.io/serviceaccount";

    public static KubeEnvironment Process { get; } = new();

    public string ServiceAccountFolder { get; init; } = DefaultServiceAccountFolder;

    public Func<string, string?> GetVariable { get; init; } = Environment.GetEnvironmentVariable;

    public string HomeFolder { get; init; } = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
}
