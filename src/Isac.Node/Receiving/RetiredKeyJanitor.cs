using System.Collections.Concurrent;
using System.Security.Cryptography;
using Isac.Core.Crypto;
using Isac.Core.Membership;
using Isac.Node.Brokering;
using Isac.Node.Configuration;
using Isac.Node.Hosting;
using Isac.Node.Membership;
using Isac.Node.Security;
using Microsoft.Extensions.Options;

namespace Isac.Node.Receiving;

/// <summary>
/// Destroys a retired encryption key once its mail is drained (issue 5): the verified snapshot carries this member's
/// new key (publishers that refreshed seal to it); the broker's version grace and maximum bundle age (plus clock
/// skew) have passed since the first such snapshot was issued, so nothing sealed to the old key can still be
/// accepted or finished by the broker's sweeper; and the mailbox is acknowledged up to its head after that. Then the
/// key file is overwritten and deleted and the key is dropped from memory. Each condition is state the node reads
/// (snapshot, clock, the broker's ack answer), checked every <see cref="NodeOptions.RetiredKeyCheckInterval"/>.
/// </summary>
internal sealed class RetiredKeyJanitor(
    NodeRuntime runtime,
    NodeDirectory directory,
    IBrokerConnection broker,
    IOptions<NodeOptions> options,
    TimeProvider time,
    ILogger<RetiredKeyJanitor> logger) : BackgroundService
{
    // When this node first saw a snapshot carrying a key other than the retired one. Kept in memory: after a
    // restart the current snapshot's issue time is used, which is later, so the key is destroyed later, never early.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _supersededSince = new(StringComparer.Ordinal);

    /// <summary>Checks every retired key once and destroys the drained ones; returns the key ids (hex) destroyed.</summary>
    public async Task<IReadOnlyList<string>> RunOnceAsync(CancellationToken cancellationToken)
    {
        var retired = runtime.RetiredKeys;
        var current = directory.Current;
        if (retired.Count == 0 || current?.FindListed(runtime.MemberId) is not { } self)
        {
            return [];
        }

        var now = time.GetUtcNow();
        var drainWindow = options.Value.BrokerVersionGrace + options.Value.BrokerMaxBundleAge + DirectoryVerifier.MaxClockSkew;
        var destroyed = new List<string>();
        ulong? head = null;
        foreach (var key in retired)
        {
            var keyId = KeyId.ToHex(key.Key.KeyId);
            if (key.Key.KeyId.AsSpan().SequenceEqual(self.Member.EncryptionKeyId))
            {
                Kept(keyId, $"directory version {current.Version} still carries it on this member's card");
                continue;
            }

            var since = _supersededSince.GetOrAdd(keyId, current.IssuedAt);
            var deadline = since + drainWindow;
            if (now < deadline)
            {
                Kept(keyId, $"bundles sealed to it may still be accepted until {deadline:O}");
                continue;
            }

            // Asked after the deadline: whatever the broker took for the old key is in the mailbox by now.
            head ??= await DrainedHeadAsync(cancellationToken).ConfigureAwait(false);
            if (head is null)
            {
                Kept(keyId, "the mailbox is not yet acknowledged up to its head");
                continue;
            }

            Destroy(key);
            logger.RetiredKeyDestroyed(keyId, key.Path, since, deadline, head.Value);
            destroyed.Add(keyId);
        }

        return destroyed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await runtime.WaitStartedAsync(stoppingToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(options.Value.RetiredKeyCheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.RetiredKeyCheckFailed(ex);
            }
        }
    }

    /// <summary>Acks the stored cursor again; the mailbox's head if everything up to it is acknowledged, else null.</summary>
    private async Task<ulong?> DrainedHeadAsync(CancellationToken cancellationToken)
    {
        var cursor = await runtime.Store.GetCursorAsync(cancellationToken).ConfigureAwait(false);
        var answer = await broker.AckAsync(cursor, cancellationToken).ConfigureAwait(false);
        return answer.AckedThrough >= answer.MailboxHead ? answer.MailboxHead : null;
    }

    /// <summary>Overwrites the key file with random bytes, flushes, deletes it, and drops the key from memory.</summary>
    private void Destroy(RetiredEncryptionKey key)
    {
        if (File.Exists(key.Path))
        {
            using (var stream = new FileStream(key.Path, FileMode.Open, FileAccess.Write, FileShare.None))
            {
                stream.Write(RandomNumberGenerator.GetBytes((int)stream.Length));
                stream.Flush(flushToDisk: true);
            }

            File.Delete(key.Path);
        }

        runtime.Forget(key);
    }

    private void Kept(string keyId, string reason)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.RetiredKeyKept(keyId, reason);
        }
    }
}
