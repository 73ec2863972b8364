using System.Collections;
using MultusConfig.Operator.Hosting;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("multus-config-operator: renders SpiderMultusConfigs into NetworkAttachmentDefinitions and keeps them so.");
    Console.WriteLine("Flags (each also read from MULTUS_CONFIG_<NAME> in upper snake case):");
    foreach (var flag in OptionsParser.Flags) Console.WriteLine("  --" + flag);
    return 0;
}

var (options, errors) = OptionsParser.Parse(args, (IDictionary)Environment.GetEnvironmentVariables());
if (errors.Count > 0)
{
    foreach (var error in errors) Console.Error.WriteLine("error: " + error);
    return 2;
}

try
{
    var app = OperatorHost.Build(options);
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or IOException or k8s.Exceptions.KubeConfigException)
{
    Console.Error.WriteLine("error: " + e.Message);
    return 1;
}
