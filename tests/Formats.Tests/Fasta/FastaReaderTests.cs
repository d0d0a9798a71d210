using System.IO.Compression;
using System.Text;
using GenomeScan.Formats.Fasta;

namespace GenomeScan.Formats.Tests.Fasta;

public class FastaReaderTests
{
    /// <summary>Hands out at most <c>step</c> bytes per read, so records split at every boundary.</summary>
    sealed class TrickleStream(byte[] data, int step) : MemoryStream(data)
    {
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(step, buffer.Length)]);
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(step, count));
    }

    static async Task<List<(string Name, string Bases)>> ReadAll(Stream stream, int chunkSize = 1 << 20)
    {
        var records = new List<(string, string)>();
        var current = new StringBuilder();
        long expectedStart = 0;
        await using var reader = new FastaReader(stream, "test.fa", chunkSize);
        await foreach (var chunk in reader.ReadChunksAsync())
        {
            Assert.Equal(expectedStart, chunk.Start);
            foreach (var code in chunk.Span)
                current.Append("ACGTN"[code]);
            expectedStart = chunk.End;
            if (chunk.EndOfRecord)
            {
                records.Add((chunk.Record.Name, current.ToString()));
                current.Clear();
                expectedStart = 0;
            }
        }
        Assert.Equal(records.Sum(r => (long)r.Item2.Length), reader.Bases);
        return records;
    }

    const string Sample = ">chr1 first record\nACGTNacgtn\nRYKM\n\n>chr2\r\nGGGG\r\nCC\r\n>empty\n>chr3\nuT-\n";
    static readonly (string, string)[] Expected = [("chr1", "ACGTNACGTNNNNN"), ("chr2", "GGGGCC"), ("empty", ""), ("chr3", "TTN")];

    [Theory]
    [InlineData(1, 1 << 20)]
    [InlineData(7, 1 << 20)]
    [InlineData(4096, 1 << 20)]
    [InlineData(1, 3)]
    [InlineData(5, 1)]
    [InlineData(4096, 4)]
    public async Task ReadsRecordsSplitAcrossBufferAndChunkBoundaries(int step, int chunkSize)
    {
        var records = await ReadAll(new TrickleStream(Encoding.ASCII.GetBytes(Sample), step), chunkSize);
        Assert.Equal(Expected, records);
    }

    [Fact]
    public async Task FuzzedLineWidthsMatchANaiveParser()
    {
        var rng = new Random(17);
        for (int round = 0; round < 20; round++)
        {
            var text = new StringBuilder();
            var expected = new List<(string, string)>();
            for (int r = 0; r < rng.Next(1, 5); r++)
            {
                var bases = new string(Enumerable.Range(0, rng.Next(0, 300)).Select(_ => "ACGTNacgtn"[rng.Next(10)]).ToArray());
                text.Append($">r{r} description\n");
                int width = rng.Next(1, 80);
                for (int i = 0; i < bases.Length; i += width)
                    text.Append(bases.AsSpan(i, Math.Min(width, bases.Length - i))).Append(rng.Next(2) == 0 ? "\n" : "\r\n");
                expected.Add(($"r{r}", bases.ToUpperInvariant()));
            }
            var records = await ReadAll(new TrickleStream(Encoding.ASCII.GetBytes(text.ToString()), rng.Next(1, 50)), rng.Next(1, 64));
            Assert.Equal(expected, records);
        }
    }

    /// <summary>
    /// Long lines of mostly plain bases (either case) with the odd U, IUPAC code, tab or CR among them, read
    /// in large pieces: the 32-byte decoding of plain runs must give what the byte-by-byte decoding gives,
    /// wherever a run, a line, a read or a chunk ends.
    /// </summary>
    [Fact]
    public async Task PlainRunsDecodeAsByteByByte()
    {
        var rng = new Random(23);
        for (int round = 0; round < 40; round++)
        {
            var text = new StringBuilder();
            var expected = new List<(string, string)>();
            for (int r = 0; r < rng.Next(1, 4); r++)
            {
                var letters = new char[rng.Next(0, 3000)];
                for (int i = 0; i < letters.Length; i++)
                    letters[i] = rng.Next(60) == 0 ? "UuNnRYkmswBDHVX-.*"[rng.Next(18)] : "ACGTacgt"[rng.Next(8)];
                text.Append($">r{r}\n");
                int width = rng.Next(1, 400);
                for (int i = 0; i < letters.Length; i += width)
                {
                    var line = new string(letters, i, Math.Min(width, letters.Length - i));
                    // A tab inside a line is skipped, as are the line's CR and trailing spaces.
                    if (rng.Next(10) == 0 && line.Length > 2)
                        line = line.Insert(rng.Next(1, line.Length), "\t");
                    text.Append(line).Append(rng.Next(3) == 0 ? "\r\n" : "\n");
                }
                expected.Add(($"r{r}", new string(letters.Select(c => char.ToUpperInvariant(c) switch { 'A' => 'A', 'C' => 'C', 'G' => 'G', 'T' or 'U' => 'T', _ => 'N' }).ToArray())));
            }
            var records = await ReadAll(new TrickleStream(Encoding.ASCII.GetBytes(text.ToString()), rng.Next(1, 5000)), rng.Next(1, 6000));
            Assert.Equal(expected, records);
        }
    }

    static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(Encoding.ASCII.GetBytes(text));
        return output.ToArray();
    }

    static async Task<List<(string, string)>> ReadBytes(byte[] bytes)
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, bytes);
            var (stream, _) = InputStreams.Open(path);
            return await ReadAll(stream);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task GzipAndConcatenatedMembersAreDetectedFromTheContent()
    {
        Assert.Equal(Expected, await ReadBytes(Gzip(Sample)));
        // bgzip writes many gzip members back to back.
        int cut = Sample.IndexOf(">chr2", StringComparison.Ordinal) + 3;
        var members = Gzip(Sample[..cut]).Concat(Gzip(Sample[cut..])).Concat(Gzip("")).ToArray();
        Assert.Equal(Expected, await ReadBytes(members));
    }

    [Fact]
    public async Task TruncatedGzipIsAnErrorNotShortOutput()
    {
        var whole = Gzip(Sample + string.Concat(Enumerable.Repeat(">x\nACGTACGT\n", 200)));
        var error = await Assert.ThrowsAsync<InputException>(() => ReadBytes(whole[..(whole.Length - 9)]));
        Assert.Contains("truncated gzip", error.Message);
    }

    [Fact]
    public async Task CorruptGzipIsAnError()
    {
        var bytes = Gzip(Sample);
        bytes[bytes.Length - 6] ^= 0xFF; // inside the CRC-32 trailer
        var error = await Assert.ThrowsAsync<InputException>(() => ReadBytes(bytes));
        Assert.Contains("corrupt gzip", error.Message);
    }

    [Theory]
    [InlineData("", "test.fa: empty input")]
    [InlineData("\n\n", "test.fa: empty input")]
    [InlineData("ACGT\n", "test.fa:1: not FASTA: expected a header line starting with '>'")]
    [InlineData(">a\nACGT\nAC\0GT\n", "test.fa:3: record a: unexpected character 0x00")]
    [InlineData(">a\nAC1GT\n", "test.fa:2: record a: unexpected character '1'")]
    [InlineData("> \nACGT\n", "test.fa:1: FASTA header without a name")]
    public async Task BadInputIsOneLineNamingFileAndLine(string text, string expectedStart)
    {
        var error = await Assert.ThrowsAsync<InputException>(() => ReadAll(new MemoryStream(Encoding.ASCII.GetBytes(text))));
        Assert.StartsWith(expectedStart, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void MissingFileIsAnInputErrorNamingIt()
    {
        var error = Assert.Throws<InputException>(() => InputStreams.Open("/no/such/genome.fa"));
        Assert.StartsWith("/no/such/genome.fa: cannot open", error.Message);
    }
}
