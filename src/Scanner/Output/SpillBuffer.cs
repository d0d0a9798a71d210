namespace GenomeScan.Scanner.Output;

/// <summary>
/// Bytes held until the end of a scan: in memory up to a limit, then in a deleted-on-close temporary file in
/// TMPDIR. A failing write (TMPDIR full or gone) is one <see cref="IOException"/> that says what was being held
/// and where, not the temporary file's made-up name.
/// </summary>
internal sealed class SpillBuffer(int memoryLimit, string holding) : IDisposable
{
    MemoryStream? memory = new();
    FileStream? file;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        try
        {
            if (memory is not null && memory.Length + bytes.Length > memoryLimit)
            {
                file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
                memory.Position = 0;
                memory.CopyTo(file);
                memory.Dispose();
                memory = null;
            }
            (memory ?? (Stream)file!).Write(bytes);
        }
        catch (IOException e)
        {
            throw Failure(e);
        }
    }

    /// <summary>The bytes written, from the first.</summary>
    public Stream ReadFromStart()
    {
        Stream stream = memory ?? (Stream)file!;
        try
        {
            stream.Flush();
        }
        catch (IOException e)
        {
            throw Failure(e);
        }
        stream.Position = 0;
        return stream;
    }

    IOException Failure(IOException e) =>
        new($"cannot hold {holding} in a temporary file in {Path.GetTempPath().TrimEnd('/')} (TMPDIR): {OutputFailure.Reason(e)}", e);

    public void Dispose()
    {
        memory?.Dispose();
        try
        {
            file?.Dispose();
        }
        catch (IOException)
        {
            // The last buffered bytes of a file being deleted anyway.
        }
    }
}

/// <summary>The system's reason for a failed write, without the file name .NET appends (often a temporary one).</summary>
internal static class OutputFailure
{
    public static string Reason(IOException e)
    {
        var message = e.Message;
        int named = message.LastIndexOf(" : '", StringComparison.Ordinal);
        return (named > 0 ? message[..named] : message).Trim();
    }
}
