using Isac.Core.Pki;

namespace Isac.Core.Tests.Pki;

public sealed class CertificateSettingChecksTests : IDisposable
{
    private const string Setting = "Isac:Test:HubCaCertificatePath";
    private const string Consequence = "the test host does not run without it";
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("isac-setting-checks-");

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void LoadCertificate_Unset_IsRequiredNamingTheSetting(string? path)
    {
        var failures = new List<string>();

        Assert.Null(CertificateSettingChecks.LoadCertificate(path, Setting, Consequence, failures));

        Assert.Equal($"{Setting} is required; {Consequence}.", Assert.Single(failures));
    }

    [Fact]
    public void LoadCertificate_MissingFile_NamesTheSettingAndTheFile()
    {
        var failures = new List<string>();
        var path = Path.Combine(_directory.FullName, "absent.pem");

        Assert.Null(CertificateSettingChecks.LoadCertificate(path, Setting, Consequence, failures));

        Assert.Equal($"{Setting}: file '{path}' does not exist; {Consequence}.", Assert.Single(failures));
    }

    [Fact]
    public void LoadCertificate_NotACertificate_SaysSo()
    {
        var failures = new List<string>();
        var path = Path.Combine(_directory.FullName, "garbage.pem");
        File.WriteAllText(path, "not a certificate");

        Assert.Null(CertificateSettingChecks.LoadCertificate(path, Setting, Consequence, failures));

        Assert.StartsWith($"{Setting}: '{path}' is not a readable certificate: ", Assert.Single(failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadCertificate_ValidPem_IsLoadedWithoutFailures()
    {
        using var ca = HubCertificateAuthority.Create("setting checks CA");
        var path = Path.Combine(_directory.FullName, "hub-ca.crt.pem");
        await PemFiles.WriteCertificateAsync(ca.Certificate, path);
        var failures = new List<string>();

        using var loaded = CertificateSettingChecks.LoadCertificate(path, Setting, Consequence, failures);

        Assert.Empty(failures);
        Assert.Equal(ca.Certificate.Thumbprint, loaded!.Thumbprint);
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
