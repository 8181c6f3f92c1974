namespace Isac.Storage;

/// <summary>The store cannot be used safely (no Lua, an evicting memory policy, no durability, unreachable); the message names the problem and the fix.</summary>
public sealed class StoreStartupException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreStartupException()
    {
    }

    /// <summary>Creates the exception with a message naming the problem and the fix.</summary>
    public StoreStartupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying failure.</summary>
    public StoreStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
