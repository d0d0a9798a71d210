using GenomeScan.Formats.Compression;

namespace GenomeScan.Formats.Fasta;

/// <summary>Opens inputs as samtools does: a path or <c>-</c> for stdin; gzip/bgzip detected from the first bytes.</summary>
internal static class InputStreams
{
    public const string Stdin = "-";

    /// <summary>The compressed size from which a gzip file is inflated on a thread of its own.</summary>
    const long ReadAheadFrom = 1 << 20;

    /// <summary>The decompressed stream and a counter of the raw bytes consumed (for progress).</summary>
    public static (Stream Stream, CountingStream Raw) Open(string path)
    {
        Stream raw;
        if (path != Stdin && Directory.Exists(path))
            throw new InputException($"{path}: is a directory, not a FASTA file");
        try
        {
            raw = path == Stdin
                ? Console.OpenStandardInput()
                : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InputException($"{path}: cannot open: {e.Message}", e);
        }
        var counting = new CountingStream(raw);
        // Enough of the start to tell gzip (and bgzip, whose blocks name their size) from plain text.
        var magic = new byte[BgzfIndex.BlockHeaderBytes];
        int got = counting.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        Stream joined = new PrefixedStream(magic.AsMemory(0, got), counting);
        if (got >= 2 && magic[0] == 0x1f && magic[1] == 0x8b)
            // bgzip block-parallel where libdeflate loads; gzip sequentially, read ahead on its own thread for files
            // of over a megabyte (a read of stdin could block a close; a small file gains nothing from a thread).
            joined = BgzfIndex.IsBlockHeader(magic.AsSpan(0, got)) && BgzfParallelStream.IsAvailable && Parallelism.BgzfBlocks ? new BgzfParallelStream(joined)
                : SizeOf(path) is not > ReadAheadFrom || !GzipInflateStream.IsAvailable ? GzipInflateStream.Sequential(joined)
                : new ReadAheadStream(GzipInflateStream.Sequential(joined));
        // Every reader built on this (FASTA, VCF, BED, peaks, motifs, data sets) gets damage as one line naming the file.
        return (new NamedDamage(path, joined), counting);
    }

    /// <summary>The raw size of a regular file, or null (stdin, pipes).</summary>
    public static long? SizeOf(string path)
    {
        if (path == Stdin)
            return null;
        try
        {
            var info = new FileInfo(path);
            return info.Exists && (info.Attributes & FileAttributes.Device) == 0 && info.Length > 0 ? info.Length : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}

/// <summary>A decompressed input whose damage (<see cref="InvalidDataException"/>: truncated or corrupt gzip) is an <see cref="InputException"/> naming the file.</summary>
internal sealed class NamedDamage(string path, Stream inner) : ReadOnlyStream
{
    /// <summary>The decompressing (or plain) stream inside.</summary>
    public Stream Inner => inner;

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw new InputException($"{path}: {e.Message}", e);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>Whether bgzip input is inflated block-parallel (tests turn it off to compare with the sequential reader).</summary>
internal static class Parallelism
{
    public static bool BgzfBlocks { get; set; } = true;
}

/// <summary>Replays a few peeked bytes, then reads the rest of the stream.</summary>
internal sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : ReadOnlyStream
{
    ReadOnlyMemory<byte> prefix = prefix;

    public override int Read(Span<byte> buffer)
    {
        if (!prefix.IsEmpty)
        {
            int n = Math.Min(prefix.Length, buffer.Length);
            prefix.Span[..n].CopyTo(buffer);
            prefix = prefix[n..];
            return n;
        }
        return rest.Read(buffer);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            rest.Dispose();
        base.Dispose(disposing);
    }

}

/// <summary>Counts the bytes read through it; read from another thread for progress.</summary>
internal sealed class CountingStream(Stream inner) : ReadOnlyStream
{
    long bytesRead;

    public long BytesRead => Interlocked.Read(ref bytesRead);

    public override int Read(Span<byte> buffer)
    {
        int n = inner.Read(buffer);
        Interlocked.Add(ref bytesRead, n);
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }

}
