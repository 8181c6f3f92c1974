namespace Isac.IntegrationTests.Taxii;

/// <summary>The TAXII test classes share one federation (starting it costs seconds of PBKDF2 and TLS).</summary>
[CollectionDefinition(Name)]
public sealed class TaxiiCollectionDefinition : ICollectionFixture<TaxiiFederationFixture>
{
    public const string Name = "taxii";
}
