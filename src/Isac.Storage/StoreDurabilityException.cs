namespace Isac.Storage;

/// <summary>Writes could not be made durable (the AOF commit failed, or too few replicas acknowledged): no receipt may be sent.</summary>
public sealed class StoreDurabilityException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreDurabilityException()
    {
    }

    /// <summary>Creates the exception with a message saying what was not durable.</summary>
    public StoreDurabilityException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying failure.</summary>
    public StoreDurabilityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
