using Isac.Node.Configuration;
using Isac.Node.Taxii;

namespace Isac.IntegrationTests.Taxii;

/// <summary>The TAXII settings are checked at start-up (naming the setting) and passwords are stored as PBKDF2 hashes.</summary>
public sealed class TaxiiConfigurationTests
{
    [Fact]
    public void PasswordHash_VerifiesTheRightPasswordOnly()
    {
        var hash = TaxiiPasswordHash.Create("s3cret pass", TaxiiPasswordHash.MinIterations);
        Assert.StartsWith("pbkdf2-sha256$100000$", hash, StringComparison.Ordinal);
        Assert.True(TaxiiPasswordHash.Verify("s3cret pass", hash));
        Assert.False(TaxiiPasswordHash.Verify("s3cret pasS", hash));
        Assert.NotEqual(hash, TaxiiPasswordHash.Create("s3cret pass", TaxiiPasswordHash.MinIterations));
    }

    [Theory]
    [InlineData("s3cret pass")]
    [InlineData("pbkdf2-sha256$1000$c2FsdHNhbHQ=$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha1$600000$c2FsdHNhbHQ=$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$600000$not base64$AAAA")]
    public void Validate_PlaintextOrWeakPasswordHash_IsRefusedNamingTheSetting(string passwordHash)
    {
        var options = Valid();
        options.Users[0].PasswordHash = passwordHash;
        var failure = Assert.Single(Failures(options));
        Assert.Contains("Isac:Node:Taxii:Users:0:PasswordHash", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EnabledWithoutCertificateOrUsers_NamesEachSetting()
    {
        var options = new TaxiiOptions { Enabled = true, CertificatePath = "/nonexistent/taxii.crt.pem" };
        var failures = Failures(options);
        Assert.Contains(failures, f => f.Contains("Isac:Node:Taxii:CertificatePath", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Isac:Node:Taxii:KeyPath", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Isac:Node:Taxii:Users", StringComparison.Ordinal) && f.Contains("anonymous", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_UnknownLabelsAndBadTokenHash_AreRefused()
    {
        var options = Valid();
        options.Users[0].Read.Add("ORANGE");
        options.Users[0].TokenSha256 = "abc";
        options.Outbox.Label = "PURPLE";
        var failures = Failures(options);
        Assert.Contains(failures, f => f.Contains("Users:0:Read", StringComparison.Ordinal) && f.Contains("ORANGE", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Users:0:TokenSha256", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Outbox:Label", StringComparison.Ordinal) && f.Contains("PURPLE", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Disabled_NeedsNothing()
    {
        Assert.Empty(Failures(new TaxiiOptions()));
        Assert.Empty(Failures(Valid()));
    }

    private static List<string> Failures(TaxiiOptions options)
    {
        var result = new TaxiiOptionsValidator().Validate(null, options);
        return result.Failed ? result.Failures.ToList() : [];
    }

    private static TaxiiOptions Valid()
    {
        var file = typeof(TaxiiConfigurationTests).Assembly.Location; // any existing file
        return new TaxiiOptions
        {
            Enabled = true,
            CertificatePath = file,
            KeyPath = file,
            Users = [new TaxiiUserOptions { Name = "misp", TokenSha256 = new string('a', 64), Read = ["GREEN"] }],
        };
    }
}
