namespace MultusConfig.Operator.Hosting;

/// <summary>One operator flag: its name, the default and meaning --help shows, and how its value is applied.</summary>
public sealed record FlagSpec(string Name, string Default, string Meaning, Action<OperatorOptions, string> Set);
