using System.IO.Compression;
using Sightline.Realtime;

namespace Sightline.Server;

/// <summary>
/// A request body's Content-Encoding: integrations that batch their touchpoints often compress them (gzip, deflate, br).
/// Read as they came, compressed bytes were refused as "not UTF-8 text", which sends the sender looking at the wrong thing.
/// </summary>
internal static class RequestEncoding
{
    /// <summary>What a 415 answer names as readable.</summary>
    internal const string Supported = "gzip, deflate or br, or none (identity)";

    /// <summary>
    /// A stream of the body's decoded bytes, or the body itself when it is not encoded; null when the encoding is none
    /// this server can decode (<paramref name="encoding"/> is then the header as written).
    /// </summary>
    internal static Stream? Decoded(Stream body, string? contentEncoding, out string encoding)
    {
        encoding = contentEncoding?.Trim() ?? "";
        return encoding.ToLowerInvariant() switch
        {
            "" or "identity" => body,
            "gzip" or "x-gzip" => new GZipStream(body, CompressionMode.Decompress, leaveOpen: true),
            // HTTP's deflate is the zlib format (RFC 9110, 8.4.1.2).
            "deflate" => new ZLibStream(body, CompressionMode.Decompress, leaveOpen: true),
            "br" => new BrotliStream(body, CompressionMode.Decompress, leaveOpen: true),
            _ => null,
        };
    }

    /// <summary>
    /// The decoded bytes, at most <see cref="TouchpointEventReader.MaxRequestBytes"/> of them (the limit of a plain body), so
    /// a small compressed body cannot expand without end.
    /// </summary>
    /// <exception cref="BadInputException">The bytes are not valid data of the encoding, or expand past the limit.</exception>
    internal static async Task<ReadOnlyMemory<byte>> ReadDecodedAsync(Stream decoded, string encoding, CancellationToken cancellationToken)
    {
        await using var disposing = decoded.ConfigureAwait(false);
        using var copy = new MemoryStream();
        var buffer = new byte[1 << 16];
        try
        {
            int read;
            while ((read = await decoded.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (copy.Length + read > TouchpointEventReader.MaxRequestBytes)
                {
                    throw new BadInputException("body", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"the {encoding}-encoded body expands past {TouchpointEventReader.MaxRequestBytes:N0} bytes, the most a request may hold; send the events in smaller batches"));
                }

                copy.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException e)
        {
            throw new BadInputException("body", $"not valid {encoding} data ({e.Message.Trim()}); the Content-Encoding header says the body is {encoding}-compressed");
        }

        return copy.GetBuffer().AsMemory(0, (int)copy.Length);
    }
}
