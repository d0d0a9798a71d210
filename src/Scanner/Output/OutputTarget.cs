namespace GenomeScan.Scanner.Output;

/// <summary>
/// Where results go, written only on success: <c>-o FILE</c> is written to a temporary name beside it
/// and renamed at the end; stdout is held (in memory up to 16 MiB, then in a temporary file) and copied
/// out when the scan has finished, so bad input never leaves partial output behind. A device, FIFO or
/// /dev/fd/N named by <c>-o</c> is treated as stdout is — held, then written into — never replaced.
/// </summary>
internal sealed class OutputTarget : IDisposable
{
    const int MemoryLimit = 16 << 20;
    readonly string? path;
    readonly string? temporary;
    readonly Stream stdout;
    readonly SpillStream? spill;
    readonly string? special;

    OutputTarget(string? path, Stream stdout)
    {
        this.stdout = stdout;
        if (path is not null && Formats.SpecialFiles.IsSpecial(path))
            (special, path) = (path, null);
        this.path = path;
        if (path is null)
        {
            spill = new SpillStream(MemoryLimit);
            Stream = spill;
        }
        else
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
            Stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        }
    }

    public Stream Stream { get; }

    /// <summary>A target for <paramref name="path"/>, or stdout when it is null or <c>-</c>.</summary>
    public static OutputTarget Open(string? path, Stream stdout) => new(path is null or "-" ? null : path, stdout);

    public void Commit()
    {
        Stream.Flush();
        if (spill is not null && special is not null)
            Formats.SpecialFiles.WriteInto(special, spill.CopyOut);
        else if (spill is not null)
        {
            spill.CopyOut(stdout);
            stdout.Flush();
        }
        else
        {
            Stream.Dispose();
            File.Move(temporary!, path!, overwrite: true);
        }
    }

    public void Dispose()
    {
        Stream.Dispose();
        if (temporary is not null && File.Exists(temporary))
            File.Delete(temporary);
    }

    /// <summary>A write-only stream that keeps its bytes in memory, then in a deleted-on-close temporary file.</summary>
    sealed class SpillStream(int memoryLimit) : Stream
    {
        MemoryStream? memory = new();
        FileStream? file;

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (memory is not null && memory.Length + buffer.Length > memoryLimit)
            {
                file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
                memory.Position = 0;
                memory.CopyTo(file);
                memory = null;
            }
            if (memory is not null)
                memory.Write(buffer);
            else
                file!.Write(buffer);
        }

        public void CopyOut(Stream destination)
        {
            if (memory is not null)
            {
                memory.Position = 0;
                memory.CopyTo(destination);
            }
            else
            {
                file!.Flush();
                file.Position = 0;
                file.CopyTo(destination);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                memory?.Dispose();
                file?.Dispose();
            }
            base.Dispose(disposing);
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => file?.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
