using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace GenomeScan.Scanner.Significance;

/// <summary>
/// Null distributions kept between runs in $XDG_CACHE_HOME/genomescan (else ~/.cache/genomescan), one file
/// per model, background, size and seed. A file is a header — <see cref="Magic"/> (format version), the
/// SHA-256 of its key (model hash, background, size, seed), the number of scores, the SHA-256 of the
/// scores — then the scores, highest first, as float32. A file is used only when all of that checks out
/// and the scores are finite and sorted; otherwise the caller hears why, rebuilds it and writes it again.
/// A cache is an optimisation: a file that cannot be read or written is passed over, with a notice.
/// </summary>
internal static class NullCache
{
    /// <summary>The format's first 8 bytes (its version).</summary>
    public static ReadOnlySpan<byte> Magic => "GSNULL02"u8;

    const int HeaderBytes = 8 + 32 + 8 + 32;

    /// <summary>The cache file for a key (see <see cref="KeyHash"/>), or null when there is no cache folder.</summary>
    public static string? PathFor(byte[] key) =>
        Directory() is { } dir ? Path.Combine(dir, "null-" + Convert.ToHexStringLower(key)[..24] + ".gsnull") : null;

    /// <summary>Writes the distribution under <paramref name="key"/> (see <see cref="KeyHash"/>), atomically.</summary>
    public static void Save(NullDistribution distribution, string path, byte[] key)
    {
        var scores = MemoryMarshal.AsBytes(distribution.Descending);
        var bytes = new byte[HeaderBytes + scores.Length];
        Magic.CopyTo(bytes);
        key.CopyTo(bytes, 8);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(40), distribution.Descending.Length);
        SHA256.HashData(scores, bytes.AsSpan(48, 32));
        scores.CopyTo(bytes.AsSpan(HeaderBytes));
        Formats.AtomicFile.WriteAllBytes(path, bytes);
    }

    /// <summary>
    /// The cached distribution, or null: no file (<paramref name="problem"/> null), or one that cannot be
    /// read or is not what it should be (<paramref name="problem"/> says what).
    /// </summary>
    public static NullDistribution? Load(string path, byte[] key, out string? problem)
    {
        problem = null;
        byte[] bytes;
        try
        {
            if (System.IO.Directory.Exists(path))
            {
                problem = "cannot be read (it is a directory)";
                return null;
            }
            if (!File.Exists(path))
                return null;
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot be read ({e.Message})";
            return null;
        }
        problem = Check(bytes, key);
        if (problem is not null)
            return null;
        var scores = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(HeaderBytes)).ToArray();
        for (int i = 0; i < scores.Length; i++)
            if (!float.IsFinite(scores[i]) || (i > 0 && scores[i] > scores[i - 1]))
            {
                problem = "holds scores that are not finite and sorted";
                return null;
            }
        return NullDistribution.FromSorted(scores);
    }

    static string? Check(byte[] bytes, byte[] key)
    {
        if (bytes.Length < HeaderBytes || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
            return "is not a genomescan null of this version";
        if (!bytes.AsSpan(8, 32).SequenceEqual(key))
            return "belongs to another model or background";
        long count = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(40));
        if (count <= 0 || count != (bytes.Length - HeaderBytes) / sizeof(float) || (bytes.Length - HeaderBytes) % sizeof(float) != 0)
            return $"is truncated or padded ({bytes.Length - HeaderBytes} bytes of scores where its header says {count} scores)";
        if (!SHA256.HashData(bytes.AsSpan(HeaderBytes)).AsSpan().SequenceEqual(bytes.AsSpan(48, 32)))
            return "fails its checksum";
        return null;
    }

    /// <summary>The SHA-256 of the cache key: what a file's header must carry to be used for this model and background.</summary>
    public static byte[] KeyHash(byte[] model, string background, int bases, ulong seed) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(KeyText(model, background, bases, seed)));

    static string KeyText(byte[] model, string background, int bases, ulong seed) =>
        new StringBuilder("genomescan-null-v2|").Append(Convert.ToHexString(SHA256.HashData(model)))
            .Append('|').Append(background).Append('|').Append(bases).Append('|').Append(seed).ToString();

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
