namespace Isac.Node.Taxii;

/// <summary>What a POST to the outbox asked for and what became of it, as stored for its status resource.</summary>
/// <param name="Id">The status id.</param>
/// <param name="RequestTimestamp">When the POST arrived.</param>
/// <param name="Sent">The objects sealed into the published bundle: their fate is the bundle's.</param>
/// <param name="Failures">The objects refused before sealing, each with its reason.</param>
/// <param name="PublishFailure">Why the bundle itself was refused, if it was.</param>
internal sealed record TaxiiStatusRecord(
    string Id,
    DateTimeOffset RequestTimestamp,
    IReadOnlyList<TaxiiStatusDetail> Sent,
    IReadOnlyList<TaxiiStatusDetail> Failures,
    string? PublishFailure);
