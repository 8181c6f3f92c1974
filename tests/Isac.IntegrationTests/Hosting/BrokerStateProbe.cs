using Isac.Core.Envelope;
using Isac.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Isac.IntegrationTests.Hosting;

/// <summary>
/// Reads a running broker's store directly (the same store the broker uses, not a mock) so a test can assert what
/// a call did or did not write: mailbox contents and the audit chain.
/// </summary>
public sealed class BrokerStateProbe(IServiceProvider services, string brokerId)
{
    private const int Page = 512;

    private IMailboxStore Mailboxes => services.GetRequiredService<IMailboxStore>();

    private IAuditLog Audit => services.GetRequiredService<IAuditLog>();

    /// <summary>Every delivery in <paramref name="memberId"/>'s mailbox, in order, as "sequence:bundle-id".</summary>
    public async Task<IReadOnlyList<string>> MailboxAsync(string memberId)
    {
        var found = new List<string>();
        ulong cursor = 0;
        while (true)
        {
            var items = await Mailboxes.ReadAsync(memberId, cursor, Page);
            foreach (var item in items)
            {
                if (item is MailboxDelivery delivery)
                {
                    found.Add($"{delivery.Sequence}:{BundleIds.ToText(delivery.BundleId)}");
                }

                cursor = item.LastSequence;
            }

            if (items.Count < Page)
            {
                return found;
            }
        }
    }

    /// <summary>The mailboxes of <paramref name="memberIds"/>, to compare before and after a call.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> MailboxesAsync(IEnumerable<string> memberIds)
    {
        var result = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var member in memberIds)
        {
            result[member] = await MailboxAsync(member);
        }

        return result;
    }

    /// <summary>How many times <paramref name="bundleId"/> sits in <paramref name="memberId"/>'s mailbox.</summary>
    public async Task<int> CopiesAsync(string memberId, ReadOnlyMemory<byte> bundleId)
    {
        var suffix = ":" + BundleIds.ToText(bundleId.Span);
        return (await MailboxAsync(memberId)).Count(e => e.EndsWith(suffix, StringComparison.Ordinal));
    }

    /// <summary>The audit records of this broker's chain after <paramref name="afterSequence"/>.</summary>
    public async Task<IReadOnlyList<AuditEntry>> AuditAfterAsync(ulong afterSequence = 0)
    {
        var found = new List<AuditEntry>();
        while (true)
        {
            var entries = await Audit.ReadAuditAsync(brokerId, afterSequence + 1, Page);
            found.AddRange(entries);
            if (entries.Count < Page)
            {
                return found;
            }

            afterSequence = entries[^1].Position.Sequence;
        }
    }

    /// <summary>The sequence of the last record in this broker's audit chain (0 when empty).</summary>
    public async Task<ulong> AuditLengthAsync()
    {
        var all = await AuditAfterAsync();
        return all.Count == 0 ? 0 : all[^1].Position.Sequence;
    }

    /// <summary>Verifies an audit chain of this store (this broker's by default) against the broker's public key.</summary>
    public Task<AuditVerification> VerifyAuditAsync(ReadOnlyMemory<byte> brokerPublicKey, string? chain = null) =>
        Audit.VerifyAuditChainAsync(chain ?? brokerId, brokerPublicKey);
}
