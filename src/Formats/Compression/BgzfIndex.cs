namespace GenomeScan.Formats.Compression;

/// <summary>
/// Random access into bgzip files: the <c>.gzi</c> index (a little-endian count, then pairs of compressed
/// and uncompressed offsets of block starts, the first block implied at 0, 0), read or built from the
/// blocks' own headers (BSIZE) and trailers (ISIZE) without decompressing anything.
/// </summary>
internal sealed class BgzfIndex
{
    readonly long[] compressed;
    readonly long[] uncompressed;

    BgzfIndex(long[] compressed, long[] uncompressed)
    {
        this.compressed = compressed;
        this.uncompressed = uncompressed;
    }

    /// <summary>Whether the file starts with a BGZF block (gzip with the 'BC' extra field).</summary>
    public static bool IsBgzf(string path)
    {
        var head = new byte[BlockHeaderBytes];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && IsBlockHeader(head);
    }

    /// <summary>The bytes of a bgzip block header as bgzip writes it: the gzip header, then the 'BC' subfield with the block's size.</summary>
    public const int BlockHeaderBytes = 18;

    /// <summary>Whether <paramref name="head"/> starts with a BGZF block header (gzip, deflate, an extra field whose first subfield is 'BC').</summary>
    public static bool IsBlockHeader(ReadOnlySpan<byte> head) =>
        head.Length >= BlockHeaderBytes && head[0] == 0x1f && head[1] == 0x8b && head[2] == 8 && (head[3] & 4) != 0 && head[12] == (byte)'B' && head[13] == (byte)'C';

    public static bool IsGzip(string path)
    {
        var head = new byte[2];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(head, 2, throwOnEndOfStream: false) == 2 && head[0] == 0x1f && head[1] == 0x8b;
    }

    public static BgzfIndex Read(string gziPath)
    {
        var bytes = File.ReadAllBytes(gziPath);
        if (bytes.Length < 8)
            throw new InputException($"{gziPath}: not a .gzi index");
        long count = BitConverter.ToInt64(bytes, 0);
        // Compared by division: a huge count would overflow count × 16 and match by accident (found by fuzzing).
        if (count < 0 || (bytes.Length - 8) % 16 != 0 || count != (bytes.Length - 8) / 16)
            throw new InputException($"{gziPath}: not a .gzi index (size does not match its {count} entries)");
        var c = new long[count + 1];
        var u = new long[count + 1];
        for (int i = 0; i < count; i++)
        {
            c[i + 1] = BitConverter.ToInt64(bytes, 8 + i * 16);
            u[i + 1] = BitConverter.ToInt64(bytes, 16 + i * 16);
        }
        return new BgzfIndex(c, u);
    }

    /// <summary>
    /// Whether the index can describe this file: its blocks end within the file, and a BGZF block header
    /// stands where it says the first, middle and last blocks start (a file compressed again after
    /// indexing has its blocks elsewhere).
    /// </summary>
    public bool Matches(string path)
    {
        using var file = File.OpenRead(path);
        var header = new byte[BlockHeaderBytes];
        foreach (int block in new[] { 0, compressed.Length / 2, compressed.Length - 1 })
        {
            if (compressed[block] >= file.Length)
                return false;
            file.Seek(compressed[block], SeekOrigin.Begin);
            if (file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length || !IsBlockHeader(header))
                return false;
        }
        return true;
    }

    public static BgzfIndex Build(string path)
    {
        var c = new List<long> { 0 };
        var u = new List<long> { 0 };
        using var file = File.OpenRead(path);
        var header = new byte[BlockHeaderBytes];
        var trailer = new byte[4];
        long offset = 0, total = 0;
        while (true)
        {
            int got = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            if (got == 0)
                break;
            if (got < header.Length || !IsBlockHeader(header))
                throw new InputException($"{path}: not bgzip (BGZF) at byte {offset}: random access needs a file made by bgzip");
            int blockSize = BitConverter.ToUInt16(header, 16) + 1;
            file.Seek(offset + blockSize - 4, SeekOrigin.Begin);
            if (file.ReadAtLeast(trailer, 4, throwOnEndOfStream: false) < 4)
                throw new InputException($"{path}: truncated bgzip block at byte {offset}");
            total += BitConverter.ToUInt32(trailer, 0);
            offset += blockSize;
            c.Add(offset);
            u.Add(total);
        }
        // The last pair is the end of the file, not a block start; blocks after the data (bgzip's empty
        // end-of-file marker) are left out too, as samtools leaves them out.
        while (c.Count > 1 && u[^1] == total)
        {
            c.RemoveAt(c.Count - 1);
            u.RemoveAt(u.Count - 1);
        }
        return new BgzfIndex([.. c], [.. u]);
    }

    public void Write(string gziPath)
    {
        using var output = new MemoryStream();
        output.Write(BitConverter.GetBytes((long)(compressed.Length - 1)));
        for (int i = 1; i < compressed.Length; i++)
        {
            output.Write(BitConverter.GetBytes(compressed[i]));
            output.Write(BitConverter.GetBytes(uncompressed[i]));
        }
        AtomicFile.WriteAllBytes(gziPath, output.ToArray());
    }

    /// <summary>A stream of the uncompressed bytes from <paramref name="uncompressedOffset"/> on.</summary>
    public Stream OpenAt(string path, long uncompressedOffset)
    {
        int block = Array.BinarySearch(uncompressed, uncompressedOffset);
        if (block < 0)
            block = ~block - 1;
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        file.Seek(compressed[block], SeekOrigin.Begin);
        var stream = new GzipInflateStream(file);
        long skip = uncompressedOffset - uncompressed[block];
        var scratch = new byte[8192];
        while (skip > 0)
        {
            int n;
            try
            {
                n = stream.Read(scratch, 0, (int)Math.Min(scratch.Length, skip));
            }
            catch (InvalidDataException e)
            {
                stream.Dispose();
                throw new InputException($"{path}: {e.Message} (is {path}.gzi stale? delete it to have it built again)", e);
            }
            if (n == 0)
                throw new InputException($"{path}: ends before uncompressed offset {uncompressedOffset}");
            skip -= n;
        }
        return stream;
    }
}
