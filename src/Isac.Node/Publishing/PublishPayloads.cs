using System.Text;
using Grpc.Core;
using Isac.Core.Labels;
using Isac.Core.Stix;
using Isac.Core.Wire;
using Isac.Node.Hosting;

namespace Isac.Node.Publishing;

/// <summary>Checks a payload for its content type: a STIX 2.1 bundle (required properties, marking floor) or markdown text.</summary>
internal static class PublishPayloads
{
    /// <summary>The markdown content type.</summary>
    public const string Markdown = "text/markdown";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The canonical content type and the payload to seal (STIX objects without markings get the label's).</summary>
    /// <exception cref="NodeRefusalException">InvalidArgument, naming the problem (and the STIX object).</exception>
    public static (string ContentType, byte[] Payload) Check(string contentType, byte[] payload, Tlp label)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Length == 0)
        {
            throw Invalid("the payload is empty");
        }

        if (payload.Length > WireLimits.MaxPayloadBytes)
        {
            throw Invalid($"the payload is {payload.Length} bytes; the limit is {WireLimits.MaxPayloadBytes}");
        }

        var normalized = new string((contentType ?? string.Empty).Where(c => !char.IsWhiteSpace(c)).ToArray()).ToLowerInvariant();
        if (normalized == StixBundleChecker.ContentType)
        {
            var check = StixBundleChecker.Check(payload, label);
            return check.IsValid
                ? (StixBundleChecker.ContentType, check.Bundle)
                : throw Invalid($"STIX bundle refused ({check.Error}): {check.Message}");
        }

        if (normalized is Markdown or Markdown + ";charset=utf-8")
        {
            try
            {
                _ = StrictUtf8.GetString(payload);
            }
            catch (DecoderFallbackException)
            {
                throw Invalid("a text/markdown payload must be UTF-8 text");
            }

            return (Markdown, payload);
        }

        throw Invalid($"content type '{contentType}' is not supported: use {StixBundleChecker.ContentType} or {Markdown}");
    }

    private static NodeRefusalException Invalid(string message) => new(StatusCode.InvalidArgument, message);
}
