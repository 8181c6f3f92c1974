namespace Isac.Storage;

/// <summary>Why mailbox sequences are missing.</summary>
public enum GapReason
{
    /// <summary>The member acknowledged them (at or below its acknowledged cursor): not lost, only read with an older cursor.</summary>
    Acknowledged = 1,

    /// <summary>Trimmed by mailbox retention before the member acknowledged them: lost for this member.</summary>
    Expired = 2,

    /// <summary>The entry is there but its bundle expired: lost for this member.</summary>
    BundleExpired = 3,
}
