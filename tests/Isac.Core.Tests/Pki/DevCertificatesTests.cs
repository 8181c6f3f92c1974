using System.Security.Cryptography.X509Certificates;
using Isac.Core.Pki;

namespace Isac.Core.Tests.Pki;

public sealed class DevCertificatesTests : IDisposable
{
    private const string Passphrase = "dev passphrase";
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("isac-devcerts-");

    [Fact]
    public async Task WriteAsync_WritesCaBrokerAndMembers_ThatLoadAndChain()
    {
        var set = await DevCertificates.WriteAsync(_directory.FullName, ["cert.ohio", "state:ohio:sos"], Passphrase);

        var trust = HubTrust.FromFile(set.HubCa.CertificatePath);
        using var broker = X509Certificate2.CreateFromEncryptedPemFile(set.Broker.CertificatePath, Passphrase, set.Broker.KeyPath);
        Assert.True(trust.ValidateServerCertificate(broker).IsAccepted);
        Assert.EndsWith("member-state_ohio_sos.crt.pem", set.Members["state:ohio:sos"].CertificatePath, StringComparison.Ordinal);
        foreach (var (memberId, files) in set.Members)
        {
            using var member = X509Certificate2.CreateFromEncryptedPemFile(files.CertificatePath, Passphrase, files.KeyPath);
            var decision = trust.ValidateClientCertificate(member);
            Assert.True(decision.IsAccepted, decision.Reason);
            Assert.Equal(memberId, decision.MemberId);
        }

        using var ca = await HubCertificateAuthority.LoadAsync(set.HubCa.CertificatePath, set.HubCa.KeyPath, Passphrase);
        Assert.Equal(trust.HubCa.RawData, ca.Certificate.RawData);
    }

    [Fact]
    public async Task WriteAsync_ExistingCa_IsNotReplacedUnlessAsked()
    {
        var first = await DevCertificates.WriteAsync(_directory.FullName, [], Passphrase);
        var original = await File.ReadAllTextAsync(first.HubCa.CertificatePath);

        await Assert.ThrowsAsync<IOException>(() => DevCertificates.WriteAsync(_directory.FullName, [], Passphrase));
        Assert.Equal(original, await File.ReadAllTextAsync(first.HubCa.CertificatePath));

        await DevCertificates.WriteAsync(_directory.FullName, [], Passphrase, overwrite: true);
        Assert.NotEqual(original, await File.ReadAllTextAsync(first.HubCa.CertificatePath));
    }

    [Fact]
    public async Task WriteAsync_InvalidMemberId_WritesNothing()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => DevCertificates.WriteAsync(_directory.FullName, ["cert.ohio", "Bad Id"], Passphrase));

        Assert.Empty(_directory.EnumerateFiles());
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
