namespace MultusConfig.Operator.Hosting;

/// <summary>
/// The operator cannot start as configured (no API server, a kubeconfig that is missing or unreadable, no
/// namespace of its own): the process exits 2, as for a bad flag, with the message alone.
/// </summary>
public sealed class ConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
