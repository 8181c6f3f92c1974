using Isac.Core.Labels;
using Isac.V1;

namespace Isac.Node.LocalStore;

/// <summary>
/// Which inbox rows to list, newest first. Label, kind and sender select bundles only: gap markers are always
/// listed (within <see cref="Since"/>), because the lost deliveries could have matched any filter.
/// </summary>
/// <param name="Label">Only this label; null for every label.</param>
/// <param name="Kind">Only this kind; null for every kind.</param>
/// <param name="Sender">Only this sender; null for every sender.</param>
/// <param name="Since">Only rows received at or after this time; null for all.</param>
/// <param name="Limit">At most this many rows (1 to <see cref="MaxLimit"/>).</param>
/// <param name="IncludeContent">Also load payloads and delivery bytes (large); listings usually leave them out.</param>
internal sealed record InboxFilter(
    Tlp? Label = null,
    BundleKind? Kind = null,
    string? Sender = null,
    DateTimeOffset? Since = null,
    int Limit = InboxFilter.DefaultLimit,
    bool IncludeContent = false)
{
    /// <summary>The default page size.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest page size.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Every row, newest first, <see cref="DefaultLimit"/> at most.</summary>
    public static InboxFilter All { get; } = new();
}
