using Isac.Core.Crypto;
using Isac.Core.Keys;
using Isac.Core.Pki;
using Isac.Node.Configuration;
using Isac.Node.Hosting;
using Isac.Node.Security;

namespace Isac.Node.Tests.Hosting;

public sealed class NodeConfigurationTests : IDisposable
{
    private const string Passphrase = "unit-test passphrase";
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("isac-node-keys-");
    private readonly HubCertificateAuthority _ca = HubCertificateAuthority.Create("node key-loading CA");

    public void Dispose()
    {
        _ca.Dispose();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task LoadCredentials_RightPassphrase_LoadsTheMembersKeys()
    {
        var (options, signing, encryption) = await WriteFilesAsync();

        using var credentials = await NodeCredentials.LoadAsync(options, TimeProvider.System);

        Assert.Equal(signing.PublicKey, credentials.SigningKey.PublicKey);
        Assert.Equal(encryption.PublicKey, credentials.EncryptionKey.PublicKey);
        Assert.True(credentials.ClientCertificate.HasPrivateKey);
        Assert.Equal("office-ohio", MemberCertificates.GetMemberId(credentials.ClientCertificate));
    }

    [Fact]
    public async Task LoadCredentials_WrongPassphrase_FailsNamingTheSetting()
    {
        var (options, _, _) = await WriteFilesAsync();
        options.KeyPassphrase = "wrong";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NodeCredentials.LoadAsync(options, TimeProvider.System));

        Assert.Contains("Isac:Node:KeyPassphrase", error.Message, StringComparison.Ordinal);
        Assert.Contains("wrong passphrase", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadCredentials_PassphraseFromAFile_Works()
    {
        var (options, signing, _) = await WriteFilesAsync();
        options.KeyPassphrase = null;
        options.KeyPassphraseFile = Path.Combine(_directory.FullName, "passphrase");
        await File.WriteAllTextAsync(options.KeyPassphraseFile, Passphrase + "\n");

        using var credentials = await NodeCredentials.LoadAsync(options, TimeProvider.System);

        Assert.Equal(signing.PublicKey, credentials.SigningKey.PublicKey);
    }

    [Fact]
    public async Task LoadCredentials_CertificateOfAnotherMember_IsRefused()
    {
        var (options, _, _) = await WriteFilesAsync();
        options.MemberId = "office-texas";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NodeCredentials.LoadAsync(options, TimeProvider.System));

        Assert.Contains("Isac:Node:ClientCertificatePath", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Isac:Node:KeyPassphrase=secret")]
    [InlineData("--isac:node:keypassphrase")]
    public void Build_PassphraseOnTheCommandLine_IsRefused(string argument)
    {
        var error = Assert.Throws<ArgumentException>(() => NodeHost.Build([argument, "secret"]));
        Assert.Contains("Isac__Node__KeyPassphrase", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_GoodSettings_Pass()
    {
        var (options, _, _) = await WriteFilesAsync();
        Assert.True(new NodeOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public async Task Validate_BadSettings_NameEachSetting()
    {
        var (options, _, _) = await WriteFilesAsync();
        options.ListenAddress = "0.0.0.0";
        options.BrokerAddress = "http://127.0.0.1:7443";
        options.GovernanceRootPublicKey = "abc";
        options.SigningKeyPath = Path.Combine(_directory.FullName, "missing.pem");
        options.KeyPassphrase = null;

        var result = new NodeOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        foreach (var setting in new[] { "ListenAddress", "BrokerAddress", "GovernanceRootPublicKey", "SigningKeyPath", "KeyPassphrase" })
        {
            Assert.Contains(result.Failures!, f => f.Contains($"Isac:Node:{setting}", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("http://127.0.0.1:7444/")]
    [InlineData("not a uri")]
    public async Task Validate_MissingOrInsecureIdentityUri_IsRefusedNamingTheSetting(string? identityUri)
    {
        var (options, _, _) = await WriteFilesAsync();
        Assert.True(new NodeOptionsValidator().Validate(null, options).Succeeded);
        options.IdentityUri = identityUri;

        var result = new NodeOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Isac:Node:IdentityUri must be the identity service's https issuer URI", failure, StringComparison.Ordinal);
    }

    private async Task<(NodeOptions Options, SigningKeyPair Signing, EncryptionKeyPair Encryption)> WriteFilesAsync()
    {
        var signing = SigningKeyPair.Generate();
        var encryption = EncryptionKeyPair.Generate();
        var options = new NodeOptions
        {
            MemberId = "office-ohio",
            DataDirectory = Path.Combine(_directory.FullName, "data"),
            BrokerAddress = "https://127.0.0.1:7443",
            IdentityUri = "https://127.0.0.1:7444/",
            HubCaCertificatePath = Path.Combine(_directory.FullName, "hub-ca.crt.pem"),
            ClientCertificatePath = Path.Combine(_directory.FullName, "client.crt.pem"),
            ClientKeyPath = Path.Combine(_directory.FullName, "client.key.pem"),
            SigningKeyPath = Path.Combine(_directory.FullName, "signing.key.pem"),
            EncryptionKeyPath = Path.Combine(_directory.FullName, "encryption.key.pem"),
            KeyPassphrase = Passphrase,
            GovernanceRootPublicKey = Convert.ToHexStringLower(SigningKeyPair.Generate().PublicKey),
        };
        await PemFiles.WriteCertificateAsync(_ca.Certificate, options.HubCaCertificatePath);
        using (var client = _ca.IssueMemberCertificate("office-ohio"))
        {
            await PemFiles.WriteCertificateAndKeyAsync(client, options.ClientCertificatePath, options.ClientKeyPath, Passphrase);
        }

        KeyFiles.WriteSigningKey(options.SigningKeyPath, signing, Passphrase);
        KeyFiles.WriteEncryptionKey(options.EncryptionKeyPath, encryption, Passphrase);
        return (options, signing, encryption);
    }
}
