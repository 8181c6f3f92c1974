namespace Isac.Cli.Demo;

/// <summary>What the demo observed, and whether it is what TLP 2.0 and the design require.</summary>
/// <param name="Cells">Who received what (one cell per bundle and member).</param>
/// <param name="ForwardRefused">True if the RED forward was refused with PermissionDenied.</param>
/// <param name="ForwardOutcome">What the node answered to the RED forward.</param>
/// <param name="ReplayGotOriginalReceipt">True if re-sending the exact sealed bundle got the original receipt back.</param>
/// <param name="ReplayOutcome">What the broker answered to the exact replay.</param>
/// <param name="RewriteRefused">True if the same bundle id with other content was refused with AlreadyExists.</param>
/// <param name="RewriteOutcome">What the broker answered to it.</param>
internal sealed record DemoReport(
    IReadOnlyList<DemoCell> Cells,
    bool ForwardRefused,
    string ForwardOutcome,
    bool ReplayGotOriginalReceipt,
    string ReplayOutcome,
    bool RewriteRefused,
    string RewriteOutcome)
{
    public bool MatrixMatches => Cells.Count > 0 && Cells.All(c => c.Matches);

    public bool Passed => MatrixMatches && ForwardRefused && ReplayGotOriginalReceipt && RewriteRefused;
}
