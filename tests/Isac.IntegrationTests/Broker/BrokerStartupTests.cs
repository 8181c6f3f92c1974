using Isac.IntegrationTests.Hosting;
using Microsoft.Extensions.Options;

namespace Isac.IntegrationTests.Broker;

/// <summary>The broker refuses to start (the host cannot even be built), naming the setting, when its security configuration is missing or wrong.</summary>
public sealed class BrokerStartupTests(TestPkiFixture fixture) : IClassFixture<TestPkiFixture>
{
    private readonly TestPki _pki = fixture.Pki;

    [Fact]
    public void Build_WithoutHubCaPath_FailsNamingTheSetting()
    {
        var error = BuildExpectingFailure<OptionsValidationException>(s => s.Remove("Isac:Broker:HubCaCertificatePath"));

        Assert.Contains("Isac:Broker:HubCaCertificatePath is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WithMissingHubCaFile_FailsNamingTheSettingAndFile()
    {
        var missing = Path.Combine(_pki.Directory.FullName, "no-such-ca.pem");

        var error = BuildExpectingFailure<OptionsValidationException>(s => s["Isac:Broker:HubCaCertificatePath"] = missing);

        Assert.Contains($"Isac:Broker:HubCaCertificatePath: file '{missing}' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WithLeafCertificateAsHubCa_FailsNamingTheSetting()
    {
        var error = BuildExpectingFailure<OptionsValidationException>(s => s["Isac:Broker:HubCaCertificatePath"] = _pki.ServerCertificatePath);

        Assert.Contains("Isac:Broker:HubCaCertificatePath", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a CA certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WithoutServerCertificate_FailsNamingTheSetting()
    {
        var error = BuildExpectingFailure<OptionsValidationException>(s => s.Remove("Isac:Broker:ServerCertificatePath"));

        Assert.Contains("Isac:Broker:ServerCertificatePath is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WithServerCertificateFromForeignCa_FailsNamingTheSetting()
    {
        var error = BuildExpectingFailure<OptionsValidationException>(s =>
        {
            s["Isac:Broker:ServerCertificatePath"] = _pki.ForeignServerCertificatePath;
            s["Isac:Broker:ServerKeyPath"] = _pki.ForeignServerKeyPath;
        });

        Assert.Contains("Isac:Broker:ServerCertificatePath: the server certificate is not valid under the hub CA", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WithoutServerKeyPassphrase_FailsNamingTheSetting()
    {
        var error = BuildExpectingFailure<OptionsValidationException>(s => s.Remove("Isac:Broker:ServerKeyPassphrase"));

        Assert.Contains("Isac:Broker:ServerKeyPassphrase is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WithWrongServerKeyPassphrase_FailsNamingTheSettings()
    {
        var error = BuildExpectingFailure<InvalidOperationException>(s => s["Isac:Broker:ServerKeyPassphrase"] = "not the passphrase");

        Assert.StartsWith("Isac:Broker:ServerKeyPath / Isac:Broker:ServerKeyPassphrase: cannot decrypt the server key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WithExtraKestrelEndpoint_FailsRatherThanListenWithoutMutualTls()
    {
        var error = BuildExpectingFailure<OptionsValidationException>(s => s["Kestrel:Endpoints:Plain:Url"] = "http://127.0.0.1:0");

        Assert.Contains("Kestrel:Endpoints must not be set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithValidConfiguration_ListensOnLoopbackWithHttps()
    {
        var app = TestBroker.Build(_pki.BrokerSettings());
        await using (app)
        {
            await app.StartAsync();
            var address = new Uri(Assert.Single(app.Urls));
            await app.StopAsync();

            Assert.Equal("https", address.Scheme);
            Assert.Equal("127.0.0.1", address.Host);
            Assert.NotEqual(0, address.Port);
        }
    }

    /// <summary>
    /// Kestrel reads its options (listen address, server certificate) when the host is built, so the broker's
    /// start-up checks fire in <c>Build</c>: no host object exists, nothing ever listens.
    /// </summary>
    [Fact]
    public async Task Start_WithoutTokenIssuer_FailsNamingTheSetting()
    {
        var settings = _pki.BrokerSettings();
        settings.Remove("Isac:Tokens:Issuer");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = TestBroker.Build(settings);
            await app.StartAsync();
        });

        Assert.Contains("Isac:Tokens:Issuer must be the identity service's absolute https issuer URI", error.Message, StringComparison.Ordinal);
        Assert.Contains("token checks cannot be switched off", error.Message, StringComparison.Ordinal);
    }

    private TException BuildExpectingFailure<TException>(Action<Dictionary<string, string?>> change)
        where TException : Exception
    {
        var settings = _pki.BrokerSettings();
        change(settings);
        return Assert.Throws<TException>(() => TestBroker.Build(settings));
    }
}
