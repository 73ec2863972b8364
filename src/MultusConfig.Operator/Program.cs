using System.Collections;
using MultusConfig.Operator.Hosting;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.Write(OptionsParser.Help());
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
catch (ConfigurationException e)
{
    // Bad configuration, like a bad flag: exit 2 (README, Flags).
    Console.Error.WriteLine("error: " + e.Message);
    return 2;
}
catch (Exception e) when (e is InvalidOperationException or IOException)
{
    Console.Error.WriteLine("error: " + e.Message);
    return 1;
}
