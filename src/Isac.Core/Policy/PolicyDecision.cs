namespace Isac.Core.Policy;

/// <summary>
/// The outcome of a sharing-policy check: allowed, or denied with a stable <see cref="DenialReason"/> and a
/// message that names the member, community and rule involved. Built only through <see cref="Allowed"/> and
/// <see cref="Denied"/>, so an allowed decision never carries a reason and a denial always does.
/// </summary>
public sealed record PolicyDecision
{
    private PolicyDecision(bool isAllowed, DenialReason reason, string message)
    {
        IsAllowed = isAllowed;
        Reason = reason;
        Message = message;
    }

    /// <summary>The decision that allows.</summary>
    public static PolicyDecision Allowed { get; } = new(true, DenialReason.None, "allowed");

    /// <summary>True if the publish or forward may proceed.</summary>
    public bool IsAllowed { get; }

    /// <summary>Why it was denied; <see cref="DenialReason.None"/> when allowed.</summary>
    public DenialReason Reason { get; }

    /// <summary>A human-readable explanation naming the member, community and rule.</summary>
    public string Message { get; }

    /// <summary>A denial.</summary>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is <see cref="DenialReason.None"/> or
    /// <paramref name="message"/> is empty.</exception>
    public static PolicyDecision Denied(DenialReason reason, string message)
    {
        if (reason == DenialReason.None)
        {
            throw new ArgumentException("A denial needs a reason other than None.", nameof(reason));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        return new PolicyDecision(false, reason, message);
    }

    /// <inheritdoc />
    public override string ToString() => IsAllowed ? "Allowed" : $"Denied ({Reason}): {Message}";
}
