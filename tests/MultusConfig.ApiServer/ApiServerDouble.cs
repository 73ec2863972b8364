using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using MultusConfig.ApiServer.Admission;
using MultusConfig.ApiServer.Authorization;

namespace MultusConfig.ApiServer;

/// <summary>
/// An in-process Kubernetes API server for integration tests, on 127.0.0.1 over HTTP and HTTPS.
/// Start it, load CRDs, point KubernetesClient (<see cref="ClientConfiguration"/>) or kubectl
/// (<see cref="WriteKubeconfig"/>) at it, and inject faults through <see cref="Faults"/>.
/// </summary>
public sealed class ApiServerDouble : IAsyncDisposable
{
    private readonly Lock _servingGate = new();
    private readonly HttpDispatcher _dispatcher;
    private WebApplication? _app;
    private readonly ObjectStore _store;
    private readonly ResourceHandlers _handlers;
    private readonly WebhookClient _webhooks;
    private readonly GarbageCollector _gc;

    private ApiServerDouble(WebApplication app, HttpDispatcher dispatcher, ObjectStore store, ResourceHandlers handlers, WebhookClient webhooks, GarbageCollector gc, X509Certificate2 certificate, FaultInjector faults, RequestLog log)
    {
        _app = app;
        _dispatcher = dispatcher;
        _store = store;
        _handlers = handlers;
        _webhooks = webhooks;
        _gc = gc;
        Certificate = certificate;
        Faults = faults;
        Requests = log;
        store.Committed += e => Committed?.Invoke(e.Type, e.Json);
    }

    /// <summary>Every committed change as (ADDED/MODIFIED/DELETED, the object's JSON), in commit order; raised under the store lock, so keep handlers short.</summary>
    public event Action<string, string>? Committed;

    /// <summary>https://127.0.0.1:port</summary>
    public Uri HttpsUrl { get; private set; } = null!;

    /// <summary>http://127.0.0.1:port</summary>
    public Uri HttpUrl { get; private set; } = null!;

    /// <summary>The serving certificate, self-signed: trust it as the cluster CA.</summary>
    public X509Certificate2 Certificate { get; }

    public string CaPem => SelfSignedCertificate.ToPem(Certificate);

    public FaultInjector Faults { get; }

    public RequestLog Requests { get; }

    /// <summary>The global resourceVersion counter's current value.</summary>
    public long ResourceVersion => _store.CurrentResourceVersion;

    public int OpenWatches => _store.OpenWatchCount;

    /// <summary>Completed garbage-collector passes (a pass follows deletes and ownerReference changes).</summary>
    public int GarbageCollectorPasses => _gc.Passes;

    /// <summary>How many changes are kept for watches to resume from; may be changed while running.</summary>
    public int HistoryWindow
    {
        get => _store.HistoryCapacity;
        set => _store.HistoryCapacity = value;
    }

    /// <summary>A configuration for the real KubernetesClient over HTTPS, trusting only this server's certificate.</summary>
    public KubernetesClientConfiguration ClientConfiguration => new()
    {
        Host = HttpsUrl.GetLeftPart(UriPartial.Authority),
        SslCaCerts = [Certificate],
        AccessToken = ApiServerOptions.AdminToken,
        Namespace = "default",
    };

    /// <summary>The same over plain HTTP.</summary>
    public KubernetesClientConfiguration HttpClientConfiguration => new()
    {
        Host = HttpUrl.GetLeftPart(UriPartial.Authority),
        AccessToken = ApiServerOptions.AdminToken,
        Namespace = "default",
    };

    public Kubernetes CreateClient(bool https = true) => new(https ? ClientConfiguration : HttpClientConfiguration);

    public static async Task<ApiServerDouble> StartAsync(ApiServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ApiServerOptions();
        var certificate = SelfSignedCertificate.Create("apiserver-double", ["localhost", "kubernetes", "kubernetes.default.svc"], [IPAddress.Loopback]);
        var store = new ObjectStore(options.HistoryWindow);
        var registry = new ResourceRegistry();
        var webhooks = new WebhookClient();
        var handlers = new ResourceHandlers(store, registry, new AdmissionController(store, webhooks), new CrdController(registry, store));
        var faults = new FaultInjector();
        var log = new RequestLog();

        ApiServerDouble? server = null;
        var dispatcher = new HttpDispatcher(handlers, faults, log, options, () => server!.HttpsUrl.Authority, new AccessReviews(options, new RbacAuthorizer(store)));
        var app = await ServeAsync(dispatcher, certificate, options.HttpPort, options.HttpsPort, cancellationToken).ConfigureAwait(false);

        server = new ApiServerDouble(app, dispatcher, store, handlers, webhooks, new GarbageCollector(handlers), certificate, faults, log);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        server.HttpsUrl = new Uri(addresses.First(a => a.StartsWith("https://", StringComparison.Ordinal)));
        server.HttpUrl = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)));
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            await server.CreateAsync(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } }).ConfigureAwait(false);
        }
        return server;
    }

    /// <summary>Builds and starts the HTTP and HTTPS listeners on 127.0.0.1 (port 0 picks a free one).</summary>
    private static async Task<WebApplication> ServeAsync(HttpDispatcher dispatcher, X509Certificate2 certificate, int httpPort, int httpsPort, CancellationToken cancellationToken)
    {
        // An empty builder: no appsettings.json or ASPNETCORE_* variables of the hosting test process can add endpoints.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, httpPort, l => l.Protocols = HttpProtocols.Http1);
            k.Listen(IPAddress.Loopback, httpsPort, l =>
            {
                l.Protocols = HttpProtocols.Http1AndHttp2;
                l.UseHttps(certificate);
            });
            // Watches are long and quiet; the real server imposes no body data rates on them either.
            k.Limits.MinResponseDataRate = null;
            k.Limits.MinRequestBodyDataRate = null;
            k.Limits.Http2.MaxStreamsPerConnection = 1000;
            k.Limits.MaxRequestBodySize = 3 * 1024 * 1024;
        });
        var app = builder.Build();
        app.Run(dispatcher.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return app;
    }

    /// <summary>True between <see cref="StopServingAsync"/> and <see cref="ResumeServingAsync"/>.</summary>
    public bool IsStopped
    {
        get
        {
            lock (_servingGate)
            {
                return _app is null;
            }
        }
    }

    /// <summary>
    /// Stops serving, as an API server that went down: the listeners close (new connections are
    /// refused), watches and open connections are dropped. Storage, the resourceVersion counter, the
    /// history and the garbage collector are kept for <see cref="ResumeServingAsync"/>.
    /// </summary>
    public async Task StopServingAsync()
    {
        WebApplication? app;
        lock (_servingGate)
        {
            app = _app;
            _app = null;
        }
        if (app is null)
        {
            return;
        }
        _store.CloseWatches(abort: true);
        // A zero grace period: requests in flight are aborted with their connections, as when the process dies.
        using (var now = new CancellationTokenSource())
        {
            await now.CancelAsync().ConfigureAwait(false);
            try
            {
                await app.StopAsync(now.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
        await app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Serves again on the same ports with the same certificate and the data kept by <see cref="StopServingAsync"/>.</summary>
    public async Task ResumeServingAsync(CancellationToken cancellationToken = default)
    {
        if (!IsStopped)
        {
            return;
        }
        var app = await ServeAsync(_dispatcher, Certificate, HttpUrl.Port, HttpsUrl.Port, cancellationToken).ConfigureAwait(false);
        lock (_servingGate)
        {
            _app = app;
        }
    }

    /// <summary>Stops serving for <paramref name="downtime"/>, then resumes (see <see cref="StopServingAsync"/>).</summary>
    public async Task RestartAsync(TimeSpan downtime, CancellationToken cancellationToken = default)
    {
        await StopServingAsync().ConfigureAwait(false);
        await Task.Delay(downtime, cancellationToken).ConfigureAwait(false);
        await ResumeServingAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends every open watch every <paramref name="interval"/> (as <see cref="CutWatches"/>) until the result is disposed.</summary>
    public IDisposable CutWatchesEvery(TimeSpan interval, bool abort = false) =>
        new Timer(_ => _store.CloseWatches(abort), null, interval, interval);

    /// <summary>Writes a kubeconfig for kubectl (HTTPS with this server's CA, or plain HTTP) and returns its path.</summary>
    public string WriteKubeconfig(string path, bool https = true)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }
        File.WriteAllText(path, Kubeconfig.Render(https ? HttpsUrl : HttpUrl, https ? CaPem : null, ApiServerOptions.AdminToken));
        return path;
    }

    /// <summary>
    /// Creates the CustomResourceDefinitions in the given YAML files or directories (other kinds in
    /// them are created too), as <c>kubectl apply -f</c> would. Returns the created objects.
    /// </summary>
    public IReadOnlyList<JsonObject> LoadManifests(params string[] paths) => LoadManifestsAsync(paths).GetAwaiter().GetResult();

    /// <inheritdoc cref="LoadManifests"/>
    public async Task<IReadOnlyList<JsonObject>> LoadManifestsAsync(params string[] paths)
    {
        var files = new List<string>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p))
            {
                // kustomization.yaml describes a directory, it is not a manifest.
                files.AddRange(Directory.EnumerateFiles(p)
                    .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
                    .Where(f => !Path.GetFileName(f).StartsWith("kustomization.", StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(p))
            {
                files.Add(p);
            }
            else
            {
                throw new FileNotFoundException($"no manifest at {p}", p);
            }
        }
        var docs = files.SelectMany(f => YamlDocuments.Parse(File.ReadAllText(f)))
            .OrderBy(d => ObjectMeta.Str(d["kind"]) == "CustomResourceDefinition" ? 0 : 1) // types before instances
            .ToList();
        var created = new List<JsonObject>();
        foreach (var doc in docs)
        {
            created.Add(await CreateAsync(doc).ConfigureAwait(false));
        }
        return created;
    }

    /// <summary>Creates any object through the full server path (admission, schema, watches), as the admin user.</summary>
    public JsonObject Create(JsonObject obj) => CreateAsync(obj).GetAwaiter().GetResult();

    /// <inheritdoc cref="Create"/>
    public Task<JsonObject> CreateAsync(JsonObject obj)
    {
        var apiVersion = ObjectMeta.Str(obj["apiVersion"]) ?? throw new ArgumentException("object has no apiVersion", nameof(obj));
        var kind = ObjectMeta.Str(obj["kind"]) ?? throw new ArgumentException("object has no kind", nameof(obj));
        var type = _handlers.Registry.FindByKind(apiVersion, kind) ?? throw new ArgumentException($"no resource serves {apiVersion} {kind}", nameof(obj));
        var version = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[(apiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..] : apiVersion;
        var ns = type.Namespaced ? (ObjectMeta.Str(obj["metadata"]?["namespace"]) ?? "default") : "";
        var scope = new RequestScope(type, version, ns, ObjectMeta.Name(obj), "", UserInfo.Admin, DryRun: false);
        return _handlers.CreateAsync(scope, obj.DeepClone());
    }

    /// <summary>Reads an object straight from storage (null when absent), bypassing HTTP and faults.</summary>
    public JsonObject? Get(string apiVersion, string kind, string? ns, string name)
    {
        var type = _handlers.Registry.FindByKind(apiVersion, kind) ?? throw new ArgumentException($"no resource serves {apiVersion} {kind}");
        return _store.Get(type, type.Namespaced ? ns ?? "default" : "", name);
    }

    /// <summary>Lists objects of a kind straight from storage (one namespace, or all when <paramref name="ns"/> is null), bypassing HTTP and faults.</summary>
    public IReadOnlyList<JsonObject> List(string apiVersion, string kind, string? ns = null)
    {
        var type = _handlers.Registry.FindByKind(apiVersion, kind) ?? throw new ArgumentException($"no resource serves {apiVersion} {kind}");
        return _store.List(type, type.Namespaced ? ns : null).Items;
    }

    /// <summary>Routes webhook calls for Service <paramref name="ns"/>/<paramref name="name"/>:<paramref name="port"/> to a local port.</summary>
    public void MapService(string ns, string name, int localPort, int port = 443, string host = "127.0.0.1") =>
        _webhooks.MapService(ns, name, port, host, localPort);

    /// <summary>Forgets all history: every watch resuming from an older resourceVersion gets 410 Gone.</summary>
    public void CompactHistory() => _store.Compact();

    /// <summary>Ends every open watch now (cleanly, or by dropping the connection when <paramref name="abort"/>); returns how many.</summary>
    public int CutWatches(bool abort = false) => _store.CloseWatches(abort);

    public async ValueTask DisposeAsync()
    {
        _store.CloseWatches(abort: false);
        await _gc.DisposeAsync().ConfigureAwait(false);
        WebApplication? app;
        lock (_servingGate)
        {
            app = _app;
            _app = null;
        }
        if (app is not null)
        {
            using (var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            {
                await app.StopAsync(stopTimeout.Token).ConfigureAwait(false);
            }
            await app.DisposeAsync().ConfigureAwait(false);
        }
        _webhooks.Dispose();
        Faults.Dispose();
        Certificate.Dispose();
    }
}
