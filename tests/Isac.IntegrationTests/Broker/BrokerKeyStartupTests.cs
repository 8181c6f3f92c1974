using Google.Protobuf;
using Isac.Core.Crypto;
using Isac.IntegrationTests.Hosting;
using Microsoft.Extensions.Options;

namespace Isac.IntegrationTests.Broker;

/// <summary>The broker refuses to start (options validated at start-up) without a valid root certificate of its receipt key, naming the setting.</summary>
public sealed class BrokerKeyStartupTests(TestPkiFixture fixture) : IClassFixture<TestPkiFixture>
{
    private const string Setting = "Isac:Publish:SigningKeyCertificatePath";

    private readonly TestPki _pki = fixture.Pki;

    [Fact]
    public async Task Start_WithoutTheBrokerKeyCertificate_FailsNamingTheSetting()
    {
        var settings = _pki.BrokerSettings();
        settings.Remove(Setting);

        var error = await StartExpectingFailureAsync<OptionsValidationException>(settings);

        Assert.Contains($"{Setting} must name the governance root's certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithAnExpiredBrokerKeyCertificate_FailsNamingTheSetting()
    {
        var now = DateTimeOffset.UtcNow;
        var path = await WriteCertificateAsync("expired.cert", _pki.Federation.BrokerKey.PublicKey, now.AddDays(-10), now.AddDays(-1));
        var settings = _pki.BrokerSettings();
        settings[Setting] = path;

        var error = await StartExpectingFailureAsync<OptionsValidationException>(settings);

        Assert.Contains($"{Setting}: the broker key is certified from", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithACertificateOfAnotherKey_FailsNamingBothSettings()
    {
        var now = DateTimeOffset.UtcNow;
        var path = await WriteCertificateAsync("other-key.cert", SigningKeyPair.Generate().PublicKey, now.AddMinutes(-5), now.AddDays(1));
        var settings = _pki.BrokerSettings();
        settings[Setting] = path;

        var error = await StartExpectingFailureAsync<InvalidOperationException>(settings);

        Assert.Contains($"{Setting} certifies broker key", error.Message, StringComparison.Ordinal);
        Assert.Contains("Isac:Publish:SigningKeyPath", error.Message, StringComparison.Ordinal);
    }

    private static Task<TException> StartExpectingFailureAsync<TException>(Dictionary<string, string?> settings)
        where TException : Exception =>
        Assert.ThrowsAsync<TException>(async () =>
        {
            await using var app = TestBroker.Build(settings);
            await app.StartAsync();
        });

    private async Task<string> WriteCertificateAsync(string name, byte[] publicKey, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var path = Path.Combine(_pki.Directory.FullName, name);
        await File.WriteAllBytesAsync(path, _pki.Federation.Root.CertifyBrokerKey(publicKey, string.Empty, notBefore, notAfter).ToByteArray());
        return path;
    }
}
