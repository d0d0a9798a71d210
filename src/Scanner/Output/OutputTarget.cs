using GenomeScan.Formats.Compression;

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
            Stream = new NamedFileStream(temporary, path);
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
        try
        {
            Stream.Dispose();
        }
        finally
        {
            if (temporary is not null && File.Exists(temporary))
                File.Delete(temporary);
        }
    }

    /// <summary>A write-only stream over a <see cref="SpillBuffer"/>.</summary>
    sealed class SpillStream(int memoryLimit) : WriteOnlyStream
    {
        readonly SpillBuffer held = new(memoryLimit, "the output");

        public override void Write(ReadOnlySpan<byte> buffer) => held.Write(buffer);

        public void CopyOut(Stream destination) => held.ReadFromStart().CopyTo(destination);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                held.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>The -o file under its temporary name: a failing write names the file the user asked for.</summary>
    sealed class NamedFileStream(string temporary, string path) : WriteOnlyStream
    {
        readonly FileStream file = new(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            try
            {
                file.Write(buffer);
            }
            catch (IOException e)
            {
                throw Failure(e);
            }
        }

        public override void Flush()
        {
            try
            {
                file.Flush();
            }
            catch (IOException e)
            {
                throw Failure(e);
            }
        }

        IOException Failure(IOException e) => new($"cannot write {path}: {OutputFailure.Reason(e)}", e);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                try
                {
                    file.Dispose();
                }
                catch (IOException)
                {
                    // Unwritten bytes of a file that failed already (its error was reported) and is deleted next.
                }
            }
            base.Dispose(disposing);
        }
    }
}
