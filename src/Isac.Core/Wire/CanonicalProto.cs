using Google.Protobuf;

namespace Isac.Core.Wire;

/// <summary>
/// Parsing of signed protobuf messages. A signed message travels as its exact bytes; a receiver parses
/// them with unknown fields discarded, re-serializes, and accepts only if the bytes are identical. That one
/// comparison refuses unknown fields, duplicate or out-of-order fields, non-minimal varints and explicitly
/// encoded default values, so there is exactly one encoding of each signed value.
/// </summary>
public static class CanonicalProto
{
    /// <summary>
    /// Parses <paramref name="bytes"/> as a canonical <typeparamref name="T"/>, or returns false with
    /// <paramref name="error"/> saying why (malformed, or not canonical / unknown fields).
    /// </summary>
    public static bool TryParse<T>(MessageParser<T> parser, ReadOnlySpan<byte> bytes, out T message, out string error)
        where T : IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(parser);
        message = default!;
        T parsed;
        try
        {
            parsed = parser.WithDiscardUnknownFields(true).ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException ex)
        {
            error = $"malformed {typeof(T).Name}: {ex.Message}";
            return false;
        }

        var size = parsed.CalculateSize();
        if (size != bytes.Length)
        {
            error = $"{typeof(T).Name} is not canonical or carries unknown fields";
            return false;
        }

        var reserialized = size <= 1024 ? stackalloc byte[size] : new byte[size];
        parsed.WriteTo(reserialized);
        if (!reserialized.SequenceEqual(bytes))
        {
            error = $"{typeof(T).Name} is not canonical or carries unknown fields";
            return false;
        }

        message = parsed;
        error = string.Empty;
        return true;
    }
}
