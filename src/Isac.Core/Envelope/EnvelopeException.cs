namespace Isac.Core.Envelope;

/// <summary>A sealed bundle or delivery was refused; <see cref="Error"/> says why.</summary>
public sealed class EnvelopeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EnvelopeException(EnvelopeError error, string message)
        : base(message)
    {
        Error = error;
    }

    /// <summary>Creates the exception with its cause.</summary>
    public EnvelopeException(EnvelopeError error, string message, Exception innerException)
        : base(message, innerException)
    {
        Error = error;
    }

    /// <summary>Unused: an envelope refusal always carries its reason.</summary>
    public EnvelopeException()
        : this(EnvelopeError.Malformed, "The envelope was refused.")
    {
    }

    /// <summary>Unused: an envelope refusal always carries its reason.</summary>
    public EnvelopeException(string message)
        : this(EnvelopeError.Malformed, message)
    {
    }

    /// <summary>Unused: an envelope refusal always carries its reason.</summary>
    public EnvelopeException(string message, Exception innerException)
        : this(EnvelopeError.Malformed, message, innerException)
    {
    }

    /// <summary>Why the envelope was refused.</summary>
    public EnvelopeError Error { get; }
}
