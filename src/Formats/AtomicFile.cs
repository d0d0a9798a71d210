namespace GenomeScan.Formats;

/// <summary>
/// Writes a file under a temporary name beside it and renames it on success: readers never see half a file.
/// A device, FIFO or /dev/fd/N is written into instead (see <see cref="SpecialFiles"/>), never replaced.
/// </summary>
internal static class AtomicFile
{
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        if (SpecialFiles.IsSpecial(path))
        {
            var copy = bytes.ToArray();
            SpecialFiles.WriteInto(path, s => s.Write(copy));
            return;
        }
        var temp = TemporaryName(path);
        File.WriteAllBytes(temp, bytes.ToArray());
        File.Move(temp, path, overwrite: true);
    }

    public static void WriteAllText(string path, string text)
    {
        if (SpecialFiles.IsSpecial(path))
        {
            WriteAllBytes(path, new System.Text.UTF8Encoding(false).GetBytes(text));
            return;
        }
        var temp = TemporaryName(path);
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Writes through <paramref name="write"/> into a temporary file, then renames it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> write)
    {
        var temp = TemporaryName(path);
        try
        {
            write(temp);
            if (SpecialFiles.IsSpecial(path))
                SpecialFiles.WriteInto(path, s =>
                {
                    using var written = File.OpenRead(temp);
                    written.CopyTo(s);
                });
            else
                File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    static string TemporaryName(string path) => $"{path}.{Guid.NewGuid():N}.tmp";
}
