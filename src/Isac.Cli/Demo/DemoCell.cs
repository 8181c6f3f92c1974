namespace Isac.Cli.Demo;

/// <summary>How many copies of one bundle one member's inbox holds, against how many it must hold (0 or 1).</summary>
internal sealed record DemoCell(DemoStep Step, string MemberId, int Expected, int Actual)
{
    public bool Matches => Expected == Actual;
}
