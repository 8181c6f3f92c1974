using Isac.Storage;
using StackExchange.Redis;

namespace Isac.IntegrationTests.Infrastructure;

/// <summary>
/// A real mailbox store that fails every append after the first <c>k</c>, as a store that goes away mid fan-out
/// would. Register it in place of <see cref="IMailboxStore"/> (before <c>AddIsacStorage</c>, which only TryAdds) to
/// test that a broker crash between mailbox writes is finished by the sweeper and never double-delivers.
/// </summary>
public sealed class FaultyMailboxStore(IMailboxStore inner, int succeedingAppends, Func<Exception>? fault = null) : IMailboxStore
{
    private int _appends;

    /// <summary>When true, appends succeed again (the "restarted" broker).</summary>
    public bool Healed { get; set; }

    /// <summary>How many appends reached the inner store.</summary>
    public int SucceededAppends => Math.Min(Volatile.Read(ref _appends), succeedingAppends);

    public Task<MailboxAppendResult> AppendAsync(string memberId, ReadOnlyMemory<byte> bundleId, ReadOnlyMemory<byte> recipientEntry,
        ReadOnlyMemory<byte> merkleProof, DateTimeOffset acceptedAt, CancellationToken cancellationToken = default)
    {
        if (!Healed && Interlocked.Increment(ref _appends) > succeedingAppends)
        {
            throw fault?.Invoke() ?? new RedisConnectionException(ConnectionFailureType.SocketFailure, CommandFlags.None, "Injected fault: the store went away after " + succeedingAppends + " mailbox writes.", null, CommandStatus.Unknown);
        }

        return inner.AppendAsync(memberId, bundleId, recipientEntry, merkleProof, acceptedAt, cancellationToken);
    }

    public Task<IReadOnlyList<MailboxItem>> ReadAsync(string memberId, ulong afterSequence, int max, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(memberId, afterSequence, max, cancellationToken);

    public Task<ulong> AckAsync(string memberId, ulong cursor, ulong deliveredThrough, CancellationToken cancellationToken = default) =>
        inner.AckAsync(memberId, cursor, deliveredThrough, cancellationToken);

    public Task<ulong> GetHeadAsync(string memberId, CancellationToken cancellationToken = default) => inner.GetHeadAsync(memberId, cancellationToken);

    public Task WakeAsync(string memberId, CancellationToken cancellationToken = default) => inner.WakeAsync(memberId, cancellationToken);

    public Task<IAsyncDisposable> SubscribeAsync(string memberId, Action onWake, CancellationToken cancellationToken = default) =>
        inner.SubscribeAsync(memberId, onWake, cancellationToken);
}
