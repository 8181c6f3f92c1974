using System.Diagnostics.CodeAnalysis;

namespace Isac.Core.Membership;

/// <summary>The outcome of verifying a directory snapshot: the verified directory, or why it was refused.</summary>
public sealed record DirectoryVerification
{
    private DirectoryVerification(VerifiedDirectory? directory, DirectoryError error, string message, string? memberId)
    {
        Directory = directory;
        Error = error;
        Message = message;
        MemberId = memberId;
    }

    /// <summary>True if the snapshot was accepted; <see cref="Directory"/> is then set.</summary>
    [MemberNotNullWhen(true, nameof(Directory))]
    public bool Succeeded => Directory is not null;

    /// <summary>The verified directory, when <see cref="Succeeded"/>.</summary>
    public VerifiedDirectory? Directory { get; }

    /// <summary>Why the snapshot was refused, or <see cref="DirectoryError.None"/>.</summary>
    public DirectoryError Error { get; }

    /// <summary>A sentence for logs and status details.</summary>
    public string Message { get; }

    /// <summary>The member whose card caused the refusal, when one did and its id is well-formed.</summary>
    public string? MemberId { get; }

    /// <summary>An accepted snapshot.</summary>
    public static DirectoryVerification Success(VerifiedDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return new(directory, DirectoryError.None, $"directory version {directory.Version} verified", null);
    }

    /// <summary>A refused snapshot.</summary>
    public static DirectoryVerification Failure(DirectoryError error, string message, string? memberId = null)
    {
        if (error == DirectoryError.None)
        {
            throw new ArgumentOutOfRangeException(nameof(error), "a failure needs a reason");
        }

        return new(null, error, message, memberId);
    }

    /// <inheritdoc />
    public override string ToString() => Succeeded ? Message : $"{Error}: {Message}";
}
