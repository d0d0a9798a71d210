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
