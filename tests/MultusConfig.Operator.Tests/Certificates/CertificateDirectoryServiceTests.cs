using Microsoft.Extensions.Logging.Abstractions;
using MultusConfig.Operator.Certificates;

namespace MultusConfig.Operator.Tests.Certificates;

/// <summary>The --cert-dir mode: certificates from files someone else rotates (cert-manager).</summary>
public sealed class CertificateDirectoryServiceTests : IDisposable
{
    private static readonly ServingCertificateNames Names = new("multus-config-webhook", "multus-system");
    private readonly string _dir = Directory.CreateTempSubdirectory("certdir-").FullName;
    private readonly ServerCertificateProvider _provider = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private CertificateDirectoryService NewService(TimeSpan? poll = null) => new(
        _dir, _provider, new WebhookCertificateSettings { CertDirPollInterval = poll ?? TimeSpan.FromMinutes(5) }, TimeProvider.System, NullLogger<CertificateDirectoryService>.Instance);

    private CertificateBundle WriteBundle()
    {
        var bundle = CertificateBundle.Issue(Names, DateTimeOffset.UtcNow, new WebhookCertificateSettings());
        File.WriteAllText(Path.Combine(_dir, "tls.crt"), bundle.CertificatePem);
        File.WriteAllText(Path.Combine(_dir, "tls.key"), bundle.KeyPem);
        return bundle;
    }

    [Fact]
    public void Reload_ChangedFiles_ServesTheNewCertificate()
    {
        using var service = NewService();
        var first = WriteBundle();
        Assert.True(service.TryReload());
        Assert.Equal(first.LoadServing().Thumbprint, _provider.Current!.Thumbprint);

        var second = WriteBundle();
        Assert.True(service.TryReload());

        Assert.Equal(second.LoadServing().Thumbprint, _provider.Current!.Thumbprint);
    }

    [Fact]
    public void Reload_HalfWrittenOrMismatchedFiles_KeepsThePreviousCertificate()
    {
        using var service = NewService();
        var good = WriteBundle();
        Assert.True(service.TryReload());
        var other = CertificateBundle.Issue(Names, DateTimeOffset.UtcNow, new WebhookCertificateSettings());

        File.WriteAllText(Path.Combine(_dir, "tls.key"), other.KeyPem);
        Assert.False(service.TryReload());
        File.WriteAllText(Path.Combine(_dir, "tls.crt"), "-----BEGIN CERTIFICATE-----\ntrunc");
        Assert.False(service.TryReload());
        File.Delete(Path.Combine(_dir, "tls.crt"));
        Assert.False(service.TryReload());

        Assert.Equal(good.LoadServing().Thumbprint, _provider.Current!.Thumbprint);
    }

    [Fact]
    public async Task Running_PicksUpASymlinkSwapLikeAMountedSecretRotation()
    {
        // Kubelet's layout: tls.crt -> ..data/tls.crt, ..data -> ..<timestamp>; rotation re-points ..data atomically.
        void WriteVersion(string name, CertificateBundle bundle)
        {
            var version = Directory.CreateDirectory(Path.Combine(_dir, name)).FullName;
            File.WriteAllText(Path.Combine(version, "tls.crt"), bundle.CertificatePem);
            File.WriteAllText(Path.Combine(version, "tls.key"), bundle.KeyPem);
        }
        var settings = new WebhookCertificateSettings();
        var first = CertificateBundle.Issue(Names, DateTimeOffset.UtcNow, settings);
        var second = CertificateBundle.Issue(Names, DateTimeOffset.UtcNow, settings);
        WriteVersion("..v1", first);
        WriteVersion("..v2", second);
        File.CreateSymbolicLink(Path.Combine(_dir, "..data"), "..v1");
        File.CreateSymbolicLink(Path.Combine(_dir, "tls.crt"), "..data/tls.crt");
        File.CreateSymbolicLink(Path.Combine(_dir, "tls.key"), "..data/tls.key");
        using var service = NewService(poll: TimeSpan.FromMilliseconds(200));
        await service.StartAsync(CancellationToken.None);
        try
        {
            await WaitForAsync(() => _provider.Current?.Thumbprint == first.LoadServing().Thumbprint);

            File.CreateSymbolicLink(Path.Combine(_dir, "..data_tmp"), "..v2");
            RenameOver(Path.Combine(_dir, "..data_tmp"), Path.Combine(_dir, "..data"));

            await WaitForAsync(() => _provider.Current?.Thumbprint == second.LoadServing().Thumbprint);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>rename(2) of a symlink over another, as kubelet does; .NET's File.Move follows a link to a directory.</summary>
    private static void RenameOver(string source, string destination)
    {
        using var mv = System.Diagnostics.Process.Start("mv", ["-T", source, destination]);
        mv.WaitForExit();
        Assert.Equal(0, mv.ExitCode);
    }

    /// <summary>Waits for a condition, bounded so a regression fails instead of hanging; not a timing assertion.</summary>
    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(20, limit.Token);
        }
    }
}
