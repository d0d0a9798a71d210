using System.Security.Cryptography;

namespace GenomeScan.Formats.Datasets;

/// <summary>SHA-256 of files, for metadata and cache keys.</summary>
internal static class FileHash
{
    public static string Sha256(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read: {e.Message}", e);
        }
    }
}
