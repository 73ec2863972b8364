namespace MultusConfig.Cni.Tests.Cni;

/// <summary>One plugin call the runtime made, kept so tests can assert on what each plugin was given.</summary>
public sealed record PluginInvocation(string Command, int Index, string PluginType, string Config, string Stdout);
