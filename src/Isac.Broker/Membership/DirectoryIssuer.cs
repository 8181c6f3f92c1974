using Google.Protobuf;
using Isac.Broker.Diagnostics;
using Isac.Broker.Publishing;
using Isac.Core.Keys;
using Isac.Core.Membership;
using Isac.Storage;
using Isac.V1;
using Microsoft.Extensions.Options;

namespace Isac.Broker.Membership;

/// <summary>
/// Keeps the stored directory snapshot in step with the roster file: signs a new version with the online
/// directory key when the roster changed or the current snapshot is about to expire, and stores it with a
/// compare-and-set on the version, so several broker replicas agree on one snapshot per version.
/// A broker without a directory key only reads what another replica (or the tooling) stored.
/// </summary>
internal sealed class DirectoryIssuer : IDisposable
{
    private readonly DirectoryOptions _options;
    private readonly IDirectoryStore _store;
    private readonly BrokerDirectory _directory;
    private readonly TimeProvider _time;
    private readonly ILogger<DirectoryIssuer> _logger;
    private readonly DirectoryPublisher? _publisher;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SignedBrokerKeyCertificate _brokerKey;
    private readonly TimeSpan _brokerKeyRetention;
    private DateTime _rosterWriteTime;
    private DirectoryRoster? _roster;

    public DirectoryIssuer(
        IOptions<DirectoryOptions> options,
        IOptions<StoreOptions> storeOptions,
        IDirectoryStore store,
        BrokerDirectory directory,
        ReceiptSigner receiptSigner,
        TimeProvider time,
        ILogger<DirectoryIssuer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(storeOptions);
        ArgumentNullException.ThrowIfNull(receiptSigner);
        _brokerKey = receiptSigner.Certificate;
        // A retired broker key's certificate stays listed while mail it receipted can still sit in a mailbox.
        _brokerKeyRetention = storeOptions.Value.MailboxRetention;
        _options = options.Value;
        _store = store;
        _directory = directory;
        _time = time;
        _logger = logger;
        if (!string.IsNullOrEmpty(_options.DirectoryKeyPath))
        {
            var key = KeyFiles.ReadSigningKey(_options.DirectoryKeyPath, _options.DirectoryKeyPassphrase);
            var certificate = SignedDirectoryKeyCertificate.Parser.ParseFrom(File.ReadAllBytes(_options.DirectoryKeyCertificatePath!));
            _publisher = new DirectoryPublisher(key, certificate);
        }
    }

    /// <summary>
    /// Loads the stored snapshot, issues a new one if the roster or the clock asks for it, and makes the
    /// result current. Throws <see cref="InvalidOperationException"/> when the stored snapshot fails verification.
    /// </summary>
    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        // One sync at a time: the refresh loop and an admin change must not race on the cached roster.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SyncOnceAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Re-reads the roster now, whatever its write time says (file times are coarse: two writes in one clock
    /// tick look alike), and issues a new snapshot if it changed: the admin API calls this after each change.
    /// </summary>
    public async Task RefreshNowAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _roster = null;
            await SyncOnceAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task SyncOnceAsync(CancellationToken cancellationToken)
    {
        var stored = await LoadStoredAsync(cancellationToken).ConfigureAwait(false);
        if (_publisher is null)
        {
            if (stored is null)
            {
                throw new InvalidOperationException($"No directory snapshot is stored and this broker has no directory key ({DirectoryOptions.Setting(nameof(DirectoryOptions.DirectoryKeyPath))}) to issue one.");
            }

            return;
        }

        var roster = ReadRoster();
        var now = _time.GetUtcNow();
        var reason = stored is null ? "no snapshot stored"
            : !SameContent(stored, roster) ? "the roster changed"
            : stored.ExpiresAt - now < _options.ReissueBefore ? "the snapshot expires soon"
            : !stored.DirectoryKeyId.Span.SequenceEqual(_publisher.KeyId) ? "the directory key changed"
            : !ListedBrokerKeys(stored).Contains(_brokerKey) ? "this broker's receipt key is not listed"
            : null;
        if (reason is null)
        {
            return;
        }

        var version = (stored?.Version ?? 0) + 1;
        var lifetime = _options.SnapshotLifetime;
        if (now + lifetime > _publisher.CertificateNotAfter)
        {
            lifetime = _publisher.CertificateNotAfter - now;
            if (lifetime <= TimeSpan.Zero)
            {
                throw new InvalidOperationException($"The directory key certificate expired at {_publisher.CertificateNotAfter:u}: certify a new directory key (isac governance certify-directory-key).");
            }
        }

        var signed = _publisher.Sign(version, now, lifetime, roster.Cards, roster.Revocations, BrokerKeys(stored, now));
        var put = await _store.TryPutDirectoryAsync(version, signed.ToByteArray(), cancellationToken).ConfigureAwait(false);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            _logger.DirectoryIssued(version, reason, put.ToString());
        }
        await LoadStoredAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<VerifiedDirectory?> LoadStoredAsync(CancellationToken cancellationToken)
    {
        var stored = await _store.GetDirectoryAsync(cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        var verification = _directory.Offer(SignedDirectorySnapshot.Parser.ParseFrom(stored.Snapshot));
        if (!verification.Succeeded)
        {
            throw new InvalidOperationException($"The stored directory snapshot version {stored.Version} was refused: {verification.Error}: {verification.Message}");
        }

        return _directory.Current;
    }

    private DirectoryRoster ReadRoster()
    {
        var path = _options.RosterPath!;
        var writeTime = File.GetLastWriteTimeUtc(path);
        if (_roster is null || writeTime != _rosterWriteTime)
        {
            _roster = DirectoryRoster.Parser.ParseFrom(File.ReadAllBytes(path));
            _rosterWriteTime = writeTime;
        }

        return _roster;
    }

    /// <summary>
    /// The broker keys of the next snapshot: this broker's, and those the stored snapshot lists (other replicas',
    /// or this broker's previous key) until their certificate ended more than a mailbox retention ago.
    /// </summary>
    private List<SignedBrokerKeyCertificate> BrokerKeys(VerifiedDirectory? stored, DateTimeOffset now)
    {
        var keys = new List<SignedBrokerKeyCertificate> { _brokerKey };
        if (stored is not null)
        {
            var listed = ListedBrokerKeys(stored);
            for (var i = 0; i < listed.Count; i++)
            {
                if (!keys.Contains(listed[i]) && stored.BrokerKeys[i].NotAfter + _brokerKeyRetention > now)
                {
                    keys.Add(listed[i]);
                }
            }
        }

        return keys;
    }

    /// <summary>The stored snapshot's broker-key certificates, in the order of <see cref="VerifiedDirectory.BrokerKeys"/>.</summary>
    private static Google.Protobuf.Collections.RepeatedField<SignedBrokerKeyCertificate> ListedBrokerKeys(VerifiedDirectory stored) =>
        DirectorySnapshot.Parser.ParseFrom(SignedDirectorySnapshot.Parser.ParseFrom(stored.SignedSnapshotBytes.Span).Snapshot).BrokerKeys;

    private static bool SameContent(VerifiedDirectory stored, DirectoryRoster roster)
    {
        var snapshot = DirectorySnapshot.Parser.ParseFrom(SignedDirectorySnapshot.Parser.ParseFrom(stored.SignedSnapshotBytes.Span).Snapshot);
        return SameSet(snapshot.Cards.Select(c => c.ToByteString()), roster.Cards.Select(c => c.ToByteString()))
            && SameSet(snapshot.Revocations.Select(r => r.ToByteString()), roster.Revocations.Select(r => r.ToByteString()));
    }

    private static bool SameSet(IEnumerable<ByteString> left, IEnumerable<ByteString> right)
    {
        var set = left.ToHashSet();
        var other = right.ToList();
        return set.Count == other.Count && other.All(set.Contains);
    }
}
