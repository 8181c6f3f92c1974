namespace Isac.IntegrationTests.Node;

/// <summary>Small STIX 2.1 bundles for node tests.</summary>
public static class StixSamples
{
    public const string IndicatorId = "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";

    /// <summary>A bundle with one indicator marked with <paramref name="markingId"/>.</summary>
    public static string Indicator(string markingId) =>
        "{\"type\":\"bundle\",\"id\":\"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\",\"objects\":[{\"type\":\"indicator\",\"spec_version\":\"2.1\"," +
        $"\"id\":\"{IndicatorId}\",\"created\":\"2026-03-01T12:00:00.000Z\",\"modified\":\"2026-03-01T12:00:00.000Z\"," +
        "\"pattern\":\"[ipv4-addr:value = '198.51.100.7']\",\"pattern_type\":\"stix\",\"valid_from\":\"2026-03-01T12:00:00Z\"," +
        $"\"object_marking_refs\":[\"{markingId}\"]}}]}}";
}
