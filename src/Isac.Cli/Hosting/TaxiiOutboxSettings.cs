namespace Isac.Cli.Hosting;

/// <summary>
/// Where objects POSTed to the node's TAXII outbox are published (<c>Isac:Node:Taxii:Outbox</c>).
/// </summary>
/// <param name="Label">The label (any accepted spelling); null: the objects' strictest marking, TLP:AMBER+STRICT when unmarked.</param>
/// <param name="Communities">The audience's communities.</param>
/// <param name="Members">The audience's named members.</param>
internal sealed record TaxiiOutboxSettings(string? Label, IReadOnlyList<string> Communities, IReadOnlyList<string> Members);
