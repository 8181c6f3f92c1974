namespace Isac.Core.Membership;

/// <summary>Why a directory snapshot was refused.</summary>
public enum DirectoryError
{
    /// <summary>Not refused.</summary>
    None = 0,

    /// <summary>The directory-key certificate is missing, not canonical, or has a bad key, window or lifetime.</summary>
    MalformedCertificate,

    /// <summary>The directory-key certificate does not carry the pinned governance root's signature.</summary>
    CertificateNotSignedByRoot,

    /// <summary>The directory-key certificate is not valid yet.</summary>
    CertificateNotYetValid,

    /// <summary>The directory-key certificate has expired.</summary>
    CertificateExpired,

    /// <summary>The snapshot bytes do not carry the certified directory key's signature.</summary>
    SnapshotNotSignedByDirectoryKey,

    /// <summary>The snapshot is not canonical (unknown fields, non-minimal encoding) or has invalid fields.</summary>
    MalformedSnapshot,

    /// <summary>The snapshot names another directory key than the certified key that signed it.</summary>
    DirectoryKeyIdMismatch,

    /// <summary>The snapshot's issue time lies outside its directory key's certificate.</summary>
    IssuedOutsideCertificate,

    /// <summary>The snapshot's issue time lies in the future beyond the allowed clock skew.</summary>
    IssuedInFuture,

    /// <summary>The snapshot's version is lower than one already seen.</summary>
    Rollback,

    /// <summary>The snapshot has the version already seen but other bytes: the directory key signed two histories.</summary>
    VersionConflict,

    /// <summary>A card in the snapshot is not canonical or has invalid fields.</summary>
    MalformedCard,

    /// <summary>A card in the snapshot does not carry the governance root's signature under the card context.</summary>
    CardNotSignedByRoot,

    /// <summary>Two cards in the snapshot have the same member id.</summary>
    DuplicateMember,

    /// <summary>A broker-key certificate in the snapshot is malformed or not signed by the governance root.</summary>
    BadBrokerKeyCertificate,
}
