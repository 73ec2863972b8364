using System.Text;
using MultusConfig.Cli;

var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
var stdout = new StreamWriter(Console.OpenStandardOutput(), utf8) { NewLine = "\n" };
var stderr = new StreamWriter(Console.OpenStandardError(), utf8) { NewLine = "\n", AutoFlush = true };
var code = SmcCli.Run(args, Console.OpenStandardInput, stdout, stderr);
try
{
    stdout.Flush();
}
catch (IOException)
{
    // The reader of our output went away (e.g. "| head"); nothing more can be said on stdout.
    code = ExitCodes.InputError;
}
return code;
