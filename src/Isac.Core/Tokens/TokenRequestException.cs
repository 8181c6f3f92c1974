namespace Isac.Core.Tokens;

/// <summary>
/// The identity service refused an access token (its OAuth <c>error</c> and <c>error_description</c> are kept) or
/// could not be reached (<see cref="IsTransient"/>).
/// </summary>
public sealed class TokenRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TokenRequestException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TokenRequestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public TokenRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an answer (or no answer) of the identity service.</summary>
    /// <param name="message">What happened, naming the identity service.</param>
    /// <param name="error">The OAuth error code, for example <c>invalid_client</c>; null when there was no answer.</param>
    /// <param name="errorDescription">The service's description of the error.</param>
    /// <param name="isTransient">True when the service could not be reached or failed on its side.</param>
    /// <param name="innerException">The cause, if any.</param>
    public TokenRequestException(string message, string? error, string? errorDescription, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
        ErrorDescription = errorDescription;
        IsTransient = isTransient;
    }

    /// <summary>The OAuth error code the identity service answered, if it answered.</summary>
    public string? Error { get; }

    /// <summary>The identity service's description of the error.</summary>
    public string? ErrorDescription { get; }

    /// <summary>True if a later attempt may succeed (the service was unreachable or failed), false for a refusal.</summary>
    public bool IsTransient { get; }
}
