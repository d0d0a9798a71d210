using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace GenomeScan.Formats.Compression;

/// <summary>
/// bgzip input decompressed block-parallel: BGZF blocks (gzip members of at most 64 KiB, each saying its
/// compressed size) are read in groups of <see cref="GroupBlocks"/>, inflated on all cores through
/// libdeflate (Debian's <c>libdeflate0</c>), each checked against its CRC-32 and length, and served in order
/// while the next group is read and inflated in the background. A truncated or corrupt input raises
/// <see cref="InvalidDataException"/> naming the byte offset of the bad block, as the sequential reader
/// does; without libdeflate the caller keeps the sequential zlib reader (<see cref="IsAvailable"/>). A plain
/// gzip member after the blocks (files concatenated) hands the rest to the sequential reader.
/// </summary>
internal sealed unsafe class BgzfParallelStream : ReadOnlyStream
{
    /// <summary>Blocks per group: ~4 MiB of sequence, enough to keep every core busy, little memory.</summary>
    public const int GroupBlocks = 64;

    const int MaxBlock = 1 << 16;
    const string Library = "libdeflate.so.0";

    [DllImport(Library, EntryPoint = "libdeflate_alloc_decompressor")]
    static extern nint AllocDecompressor();

    [DllImport(Library, EntryPoint = "libdeflate_free_decompressor")]
    static extern void FreeDecompressor(nint decompressor);

    [DllImport(Library, EntryPoint = "libdeflate_deflate_decompress")]
    static extern int DeflateDecompress(nint decompressor, byte* input, nuint inputBytes, byte* output, nuint outputAvailable, nuint* outputBytes);

    [DllImport(Library, EntryPoint = "libdeflate_crc32")]
    static extern uint Crc32(uint crc, byte* buffer, nuint length);

    /// <summary>Whether libdeflate loads.</summary>
    public static bool IsAvailable { get; } = Probe();

    static bool Probe()
    {
        try
        {
            FreeDecompressor(AllocDecompressor());
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>A group of blocks: their compressed bytes, then their inflated bytes in order.</summary>
    sealed class Group
    {
        public readonly byte[] Compressed = new byte[GroupBlocks * MaxBlock];
        public readonly byte[] Inflated = new byte[GroupBlocks * MaxBlock];
        // Per block: payload offset and length in Compressed, CRC-32, inflated length and offset, the block's offset in the file.
        public readonly (int Payload, int PayloadLength, uint Crc, int Size, int Output, long FileOffset)[] Blocks = new (int, int, uint, int, int, long)[GroupBlocks];
        public int Count, Length;
    }

    readonly Stream inner;
    // What follows the BGZF blocks when a plain gzip member does.
    Stream? tail;
    // A block's header and extra field (one group is read at a time).
    readonly byte[] headerBytes = new byte[12 + ushort.MaxValue];
    readonly Group[] groups = [new(), new()];
    Task<Group?>? next;
    Group? current;
    int position;
    long fileOffset;
    bool innerDone;

    public BgzfParallelStream(Stream inner)
    {
        this.inner = inner;
        next = Task.Run(() => Fill(groups[0]));
    }

    public override int Read(Span<byte> buffer)
    {
        while (current is null || position == current.Length)
        {
            if (next is null)
                return tail?.Read(buffer) ?? 0;
            // Rethrows the group's InvalidDataException as it is.
            current = next.GetAwaiter().GetResult();
            position = 0;
            if (current is null)
            {
                next = null;
                continue;
            }
            var spare = ReferenceEquals(current, groups[0]) ? groups[1] : groups[0];
            next = innerDone ? null : Task.Run(() => Fill(spare));
        }
        int n = Math.Min(buffer.Length, current.Length - position);
        current.Inflated.AsSpan(position, n).CopyTo(buffer);
        position += n;
        return n;
    }

    /// <summary>Reads the next group's blocks (sequentially) and inflates them (in parallel); null at the end of the input.</summary>
    Group? Fill(Group group)
    {
        group.Count = 0;
        int used = 0, output = 0;
        while (group.Count < GroupBlocks)
        {
            var header = headerBytes.AsSpan(0, 12);
            int got = inner.ReadAtLeast(header, 12, throwOnEndOfStream: false);
            if (got == 0)
            {
                innerDone = true;
                break;
            }
            if (got < 12)
                throw Truncated();
            if (header[0] != 0x1f || header[1] != 0x8b || header[2] != 8 || (header[3] & 4) == 0)
            {
                FinishSequentially(12);
                break;
            }
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
            var extra = headerBytes.AsSpan(12, extraLength);
            if (inner.ReadAtLeast(extra, extraLength, throwOnEndOfStream: false) < extraLength)
                throw Truncated();
            int blockSize = BlockSize(extra);
            if (blockSize < 0)
            {
                FinishSequentially(12 + extraLength);
                break;
            }
            int rest = blockSize - 12 - extraLength;
            if (rest < 8)
                throw new InvalidDataException($"corrupt bgzip stream (block at byte {fileOffset} says it is {blockSize} bytes)");
            if (inner.ReadAtLeast(group.Compressed.AsSpan(used, rest), rest, throwOnEndOfStream: false) < rest)
                throw Truncated();
            var trailer = group.Compressed.AsSpan(used + rest - 8, 8);
            // ISIZE is unsigned: checked before it becomes a length (as an int, 2³¹ and more turned negative and
            // passed; libdeflate then wrote past the buffer — found by AFL++).
            uint isize = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
            if (isize > MaxBlock)
                throw new InvalidDataException($"corrupt bgzip stream (block at byte {fileOffset} inflates to {isize} bytes)");
            int size = (int)isize;
            group.Blocks[group.Count++] = (used, rest - 8, BinaryPrimitives.ReadUInt32LittleEndian(trailer), size, output, fileOffset);
            used += rest;
            output += size;
            fileOffset += blockSize;
        }
        if (group.Count == 0)
            return null;
        group.Length = output;
        var failures = new string?[group.Count];
        Parallel.For(0, group.Count, () => AllocDecompressor(), (b, _, decompressor) =>
        {
            failures[b] = Inflate(group, b, decompressor);
            return decompressor;
        }, FreeDecompressor);
        // The first bad block in file order, whichever thread met it first.
        if (failures.FirstOrDefault(f => f is not null) is { } failure)
            throw new InvalidDataException(failure);
        return group;
    }

    InvalidDataException Truncated() => new($"truncated gzip stream (the input ends inside the bgzip block at byte {fileOffset})");

    /// <summary>
    /// A gzip member that is not a BGZF block (gzip files concatenated after bgzip ones, as zcat reads them):
    /// the rest of the input, from the <paramref name="read"/> bytes of its header already read, goes through
    /// the sequential reader, which also reports anything that is not gzip at all.
    /// </summary>
    void FinishSequentially(int read)
    {
        var rest = new Fasta.PrefixedStream(headerBytes.AsSpan(0, read).ToArray(), inner);
        tail = GzipInflateStream.Sequential(rest);
        innerDone = true;
    }

    /// <summary>The block's total size from its 'BC' extra subfield (BSIZE + 1); −1 when the member has none.</summary>
    static int BlockSize(ReadOnlySpan<byte> extra)
    {
        for (int at = 0; at + 4 <= extra.Length;)
        {
            int length = BinaryPrimitives.ReadUInt16LittleEndian(extra[(at + 2)..]);
            if (extra[at] == (byte)'B' && extra[at + 1] == (byte)'C' && length == 2 && at + 6 <= extra.Length)
                return BinaryPrimitives.ReadUInt16LittleEndian(extra[(at + 4)..]) + 1;
            at += 4 + length;
        }
        return -1;
    }

    /// <summary>Inflates block b into its place; null, or what is wrong with it.</summary>
    static string? Inflate(Group group, int b, nint decompressor)
    {
        var (payload, payloadLength, crc, size, output, offset) = group.Blocks[b];
        fixed (byte* input = &group.Compressed[payload])
        fixed (byte* inflated = group.Inflated)
        {
            nuint produced;
            int rc = DeflateDecompress(decompressor, input, (nuint)payloadLength, inflated + output, (nuint)size, &produced);
            if (rc != 0 || (int)produced != size)
                return $"corrupt gzip stream (the bgzip block at byte {offset} does not inflate to its {size} bytes)";
            if (Crc32(0, inflated + output, (nuint)size) != crc)
                return $"corrupt gzip stream (the bgzip block at byte {offset} fails its CRC-32 check)";
            return null;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // The background group may still be reading the inner stream: let it finish before closing that.
            try
            {
                next?.Wait();
            }
            catch (AggregateException)
            {
                // Its failure was (or will never be) read; closing is all that is left.
            }
            next = null;
            if (tail is not null)
                tail.Dispose();
            else
                inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
