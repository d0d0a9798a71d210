using GenomeScan.Formats.Compression;
using GenomeScan.Formats.Sequences;

namespace GenomeScan.Formats.Fasta;

/// <summary>
/// A FASTA file read by region through its <c>.fai</c> (and, when bgzip-compressed, <c>.gzi</c>) index, as
/// <c>samtools faidx</c> does: missing indexes are built and written beside the file when its folder is
/// writable (else kept in memory). Plain gzip has no random access and is refused.
/// </summary>
internal sealed class IndexedFasta
{
    readonly BgzfIndex? bgzf;

    IndexedFasta(string path, FastaIndex index, BgzfIndex? bgzf)
    {
        Path = path;
        Index = index;
        this.bgzf = bgzf;
    }

    public string Path { get; }
    public FastaIndex Index { get; }

    public static IndexedFasta Open(string path)
    {
        if (path == InputStreams.Stdin)
            throw new InputException("-: regions need a FASTA file with an index, not stdin");
        if (!File.Exists(path))
            throw new InputException($"{path}: cannot open: no such file");
        BgzfIndex? bgzf = null;
        if (BgzfIndex.IsBgzf(path))
        {
            var gzi = path + ".gzi";
            // An index older than the file, or whose blocks are not where it says, is built again.
            bgzf = Usable(gzi, path) && BgzfIndex.Read(gzi) is var read && read.Matches(path) ? read : null;
            if (bgzf is null)
            {
                bgzf = BgzfIndex.Build(path);
                TryWrite(() => bgzf.Write(gzi));
            }
        }
        else if (BgzfIndex.IsGzip(path))
            throw new InputException($"{path}: regions need random access: compress with bgzip, not gzip (or decompress)");
        var fai = path + ".fai";
        FastaIndex index;
        if (Usable(fai, path))
            index = FastaIndex.Read(fai);
        else
        {
            var (stream, _) = InputStreams.Open(path);
            using (stream)
                index = FastaIndex.Build(stream, path);
            TryWrite(() => index.Write(fai));
        }
        return new IndexedFasta(path, index, bgzf);
    }

    /// <summary>
    /// Whether an index file exists and is not older than the file it indexes (as samtools warns): an older
    /// one may describe another version of the file, and is built again (in memory when it cannot be written).
    /// </summary>
    static bool Usable(string indexPath, string path) =>
        File.Exists(indexPath) && File.GetLastWriteTimeUtc(indexPath) >= File.GetLastWriteTimeUtc(path);

    static void TryWrite(Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Like samtools without write access: the index is used from memory this time.
        }
    }

    public FaiEntry Entry(string chrom) =>
        Index.Find(chrom) ?? throw new InputException($"{Path}: no sequence named '{chrom}' (see {Path}.fai)");

    /// <summary>
    /// The bases [<paramref name="from"/>, <paramref name="to"/>) of a record as chunks (record offsets in
    /// <see cref="SequenceChunk.Start"/>); the last chunk has <see cref="SequenceChunk.EndOfRecord"/> set.
    /// </summary>
    public IEnumerable<SequenceChunk> ReadChunks(FastaRecord record, FaiEntry entry, long from, long to, int chunkSize)
    {
        var chunk = new SequenceChunk(chunkSize) { Record = record, Start = from };
        if (to <= from)
        {
            chunk.EndOfRecord = true;
            yield return chunk;
            yield break;
        }
        long offset = entry.OffsetOf(from);
        using var stream = bgzf is null
            ? OpenPlain(offset)
            : bgzf.OpenAt(Path, offset);
        var buffer = new byte[1 << 16];
        long remaining = to - from;
        // Where the index says lines end: a base counted past a line's end, or a line ending early, means
        // the index does not describe this file (a stale .fai, or spaces inside sequence lines).
        int inLine = (int)(from % entry.LineBases);
        CheckRecordStart(entry);
        while (remaining > 0)
        {
            int read = Read(stream, buffer);
            if (read == 0)
                throw new InputException($"{Path}: ends inside {entry.Name} (the .fai index does not match the file)");
            for (int i = 0; i < read && remaining > 0; i++)
            {
                byte b = buffer[i], code = Alphabet.Decode(b);
                if (code > Alphabet.Unknown)
                {
                    if (code is Alphabet.LineEnd)
                    {
                        if (inLine != entry.LineBases && remaining > 0)
                            throw Stale(entry, $"a line of {inLine} bases where the index says {entry.LineBases}");
                        inLine = 0;
                        continue;
                    }
                    if (code is Alphabet.Skipped && b == (byte)'\r')
                        continue;
                    if (code is Alphabet.Skipped)
                        throw Stale(entry, "a space or tab inside a sequence line, which the index does not count");
                    if (b == (byte)'>')
                        throw new InputException($"{Path}: reached the next record inside {entry.Name} (the .fai index does not match the file)");
                    throw new InputException($"{Path}: record {entry.Name}: unexpected character {Describe(b)} in the sequence (binary data?)");
                }
                if (inLine == entry.LineBases)
                    throw Stale(entry, $"a line longer than the index's {entry.LineBases} bases");
                inLine++;
                chunk.Codes[chunk.Length++] = code;
                remaining--;
                if (chunk.Length == chunk.Codes.Length && remaining > 0)
                {
                    yield return chunk;
                    chunk.Start += chunk.Length;
                    chunk.Length = 0;
                }
            }
        }
        chunk.EndOfRecord = true;
        yield return chunk;
    }

    /// <summary>A read of the file; damaged compression is one line naming the file.</summary>
    int Read(Stream stream, byte[] buffer)
    {
        try
        {
            return stream.Read(buffer, 0, buffer.Length);
        }
        catch (InvalidDataException e)
        {
            throw new InputException($"{Path}: {e.Message}", e);
        }
    }

    InputException Stale(FaiEntry entry, string what) =>
        new($"{Path}: record {entry.Name}: the .fai index does not match the file ({what}): delete {Path}.fai (and .gzi) to have it built again");

    /// <summary>The byte before the record's first base ends its header line, as the index says.</summary>
    void CheckRecordStart(FaiEntry entry)
    {
        if (entry.Offset == 0)
            throw Stale(entry, "its sequence cannot start at byte 0, before any header");
        using var stream = bgzf is null ? OpenPlain(entry.Offset - 1) : bgzf.OpenAt(Path, entry.Offset - 1);
        var one = new byte[1];
        int b = Read(stream, one) == 1 ? one[0] : -1;
        if (b != '\n')
            throw Stale(entry, $"no header line ends at byte {entry.Offset - 1}");
    }

    static string Describe(byte b) => b is >= 0x20 and < 0x7f ? $"'{(char)b}'" : $"0x{b:X2}";

    FileStream OpenPlain(long offset)
    {
        var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        file.Seek(offset, SeekOrigin.Begin);
        return file;
    }
}
