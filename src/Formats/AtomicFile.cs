namespace GenomeScan.Formats;

/// <summary>Writes a file under a temporary name beside it and renames it on success: readers never see half a file.</summary>
internal static class AtomicFile
{
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var temp = TemporaryName(path);
        File.WriteAllBytes(temp, bytes.ToArray());
        File.Move(temp, path, overwrite: true);
    }

    public static void WriteAllText(string path, string text)
    {
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
