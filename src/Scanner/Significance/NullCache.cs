using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace GenomeScan.Scanner.Significance;

/// <summary>
/// Null distributions kept between runs in $XDG_CACHE_HOME/genomescan (else ~/.cache/genomescan), one file
/// per model, background, size and seed: the scores, highest first, as float32. A cache is an
/// optimisation: a file that cannot be read or written is passed over.
/// </summary>
internal static class NullCache
{
    /// <summary>The cache file for this model and background, or null when there is no cache folder.</summary>
    public static string? PathFor(byte[] model, string background, int bases, ulong seed) =>
        Directory() is { } dir ? Path.Combine(dir, Key(model, background, bases, seed)) : null;

    public static void Save(NullDistribution distribution, string path) =>
        Formats.AtomicFile.WriteAllBytes(path, MemoryMarshal.AsBytes(distribution.Descending));

    public static NullDistribution? TryLoad(string path)
    {
        try
        {
            if (!File.Exists(path))
                return null;
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length == 0 || bytes.Length % sizeof(float) != 0)
                return null;
            return NullDistribution.FromSorted(MemoryMarshal.Cast<byte, float>(bytes).ToArray());
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>A cache file name for this model, background and size.</summary>
    public static string Key(byte[] model, string background, int bases, ulong seed)
    {
        var key = new StringBuilder("genomescan-null-v1|").Append(Convert.ToHexString(SHA256.HashData(model)))
            .Append('|').Append(background).Append('|').Append(bases).Append('|').Append(seed).ToString();
        return "null-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..24] + ".f32";
    }

    /// <summary>$XDG_CACHE_HOME/genomescan, else ~/.cache/genomescan; null when neither can be made.</summary>
    public static string? Directory()
    {
        try
        {
            var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            var dir = Path.Combine(root, "genomescan");
            System.IO.Directory.CreateDirectory(dir);
            return dir;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
