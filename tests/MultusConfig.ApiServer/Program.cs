using System.Runtime.InteropServices;

namespace MultusConfig.ApiServer;

/// <summary>
/// The standalone launcher: <c>dotnet run --project tests/MultusConfig.ApiServer -- --crds deploy/crds
/// --crds tests/fixtures/crds --kubeconfig-out PATH [--port N] [--http-port N] [--service NS/NAME[:PORT]=127.0.0.1:LOCALPORT]
/// [--token TOKEN=USER[:GROUP,...]]... [--authorization always-allow|rbac]</c>. Extra tokens or RBAC turn anonymous
/// requests away with 401; the written kubeconfig keeps the admin token (system:masters).
/// Prints <c>ready URL</c> once it serves and runs until SIGTERM or SIGINT.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var crds = new List<string>();
        string? kubeconfig = null;
        var options = new ApiServerOptions();
        var services = new List<(string Ns, string Name, int Port, string Host, int LocalPort)>();
        var tokens = new Dictionary<string, UserInfo>(options.Tokens, StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--crds":
                    crds.Add(Next());
                    break;
                case "--kubeconfig-out":
                    kubeconfig = Next();
                    break;
                case "--port":
                    options = options with { HttpsPort = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) };
                    break;
                case "--http-port":
                    options = options with { HttpPort = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) };
                    break;
                case "--service":
                    services.Add(ParseService(Next()));
                    break;
                case "--token":
                    if (ParseToken(Next()) is not { } token)
                    {
                        await Console.Error.WriteLineAsync($"--token {args[i]}: expected TOKEN=USER[:GROUP,...]").ConfigureAwait(false);
                        return 2;
                    }
                    tokens[token.Token] = token.User;
                    options = options with { Tokens = tokens, AllowAnonymous = false };
                    break;
                case "--authorization":
                    switch (Next())
                    {
                        case "rbac":
                            options = options with { Authorization = Authorization.AuthorizationMode.Rbac, AllowAnonymous = false };
                            break;
                        case "always-allow":
                            options = options with { Authorization = Authorization.AuthorizationMode.AlwaysAllow };
                            break;
                        default:
                            await Console.Error.WriteLineAsync($"--authorization {args[i]}: expected rbac or always-allow").ConfigureAwait(false);
                            return 2;
                    }
                    break;
                case "-h" or "--help":
                    await Console.Out.WriteLineAsync("usage: --crds PATH... --kubeconfig-out PATH [--port N] [--http-port N] [--service NS/NAME[:PORT]=HOST:PORT]... [--token TOKEN=USER[:GROUP,...]]... [--authorization always-allow|rbac]").ConfigureAwait(false);
                    return 0;
                default:
                    await Console.Error.WriteLineAsync($"unknown argument {args[i]}").ConfigureAwait(false);
                    return 2;
            }
        }
        await using var server = await ApiServerDouble.StartAsync(options).ConfigureAwait(false);
        if (crds.Count > 0)
        {
            await server.LoadManifestsAsync([.. crds]).ConfigureAwait(false);
        }
        foreach (var s in services)
        {
            server.MapService(s.Ns, s.Name, s.LocalPort, s.Port, s.Host);
        }
        if (kubeconfig is not null)
        {
            server.WriteKubeconfig(kubeconfig);
        }
        var stop = new TaskCompletionSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
        await Console.Out.WriteLineAsync($"ready {server.HttpsUrl.GetLeftPart(UriPartial.Authority)}").ConfigureAwait(false);
        await Console.Out.FlushAsync().ConfigureAwait(false);
        await stop.Task.ConfigureAwait(false);
        return 0;
    }

    /// <summary>TOKEN=USER[:GROUP,...]; the user also gets the groups the real authenticators add (see <see cref="UserInfo.ForToken"/>).</summary>
    internal static (string Token, UserInfo User)? ParseToken(string spec)
    {
        var eq = spec.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || eq == spec.Length - 1)
        {
            return null;
        }
        var token = spec[..eq];
        // Usernames may hold colons themselves (system:serviceaccount:NS:NAME, system:kube-scheduler): those
        // prefixes take 4 and 2 parts; whatever follows the username's parts is the group list.
        var parts = spec[(eq + 1)..].Split(':');
        var userParts = parts[0] != "system" ? 1 : parts.Length > 1 && parts[1] == "serviceaccount" ? 4 : 2;
        if (parts.Length < userParts || parts.Length > userParts + 1)
        {
            return null;
        }
        var user = string.Join(':', parts[..userParts]);
        var groups = parts.Length > userParts ? parts[userParts].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
        return user.Length == 0 ? null : (token, UserInfo.ForToken(user, groups));
    }

    private static (string, string, int, string, int) ParseService(string spec)
    {
        // NS/NAME[:PORT]=HOST:LOCALPORT
        var eq = spec.Split('=', 2);
        var left = eq[0].Split('/', 2);
        var nameAndPort = left[1].Split(':', 2);
        var target = eq[1].Split(':', 2);
        var port = nameAndPort.Length > 1 ? int.Parse(nameAndPort[1], System.Globalization.CultureInfo.InvariantCulture) : 443;
        return (left[0], nameAndPort[0], port, target[0], int.Parse(target[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
