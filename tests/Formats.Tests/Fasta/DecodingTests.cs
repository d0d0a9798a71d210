using GenomeScan.Formats.Fasta;
using GenomeScan.Formats.Sequences;

namespace GenomeScan.Formats.Tests.Fasta;

/// <summary>Every byte value decodes the same through every reading path: the streamed reader and a region read through the index.</summary>
public sealed class DecodingTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-decode-");

    public void Dispose() => dir.Delete(true);

    static async Task<byte[]?> Streamed(string path)
    {
        try
        {
            await using var reader = new FastaReader(File.OpenRead(path), path);
            var codes = new List<byte>();
            await foreach (var chunk in reader.ReadChunksAsync())
                codes.AddRange(chunk.Span.ToArray());
            return [.. codes];
        }
        catch (InputException)
        {
            return null;
        }
    }

    static byte[]? ByRegion(string path, long length)
    {
        try
        {
            var fasta = IndexedFasta.Open(path);
            var entry = fasta.Entry("r");
            var codes = new List<byte>();
            foreach (var chunk in fasta.ReadChunks(new FastaRecord(0, "r", 1), entry, 0, length, 1 << 10))
                codes.AddRange(chunk.Span.ToArray());
            return [.. codes];
        }
        catch (InputException)
        {
            return null;
        }
    }

    [Fact]
    public async Task EveryByteValueDecodesTheSameThroughEveryPath()
    {
        for (int value = 0; value < 256; value++)
        {
            // Bytes that end or skip within a line change the line's length, which an index cannot describe.
            if (value is '\n' or '\r' or ' ' or '\t')
                continue;
            var path = Path.Combine(dir.FullName, $"b{value}.fa");
            File.WriteAllBytes(path, [.. ">r\nAC"u8, (byte)value, .. "GT\nACGTA\n>s\nAAAAA\n"u8]);
            var streamed = await Streamed(path);
            var region = ByRegion(path, 10);
            Assert.True(streamed is null == region is null, $"byte 0x{value:X2}: streamed {(streamed is null ? "fails" : "reads")}, by region {(region is null ? "fails" : "reads")}");
            if (streamed is not null)
            {
                Assert.Equal(streamed[..10], region!);
                Assert.Equal(Alphabet.Decode((byte)value), streamed[2]);
                Assert.True(streamed[2] <= Alphabet.Unknown);
            }
        }
    }

    [Fact]
    public void UReadsAsTAndSoftMaskedBasesAsTheirCapitals()
    {
        Assert.Equal(3, Alphabet.Decode((byte)'U'));
        Assert.Equal(3, Alphabet.Decode((byte)'u'));
        Assert.Equal(3, Alphabet.Code((byte)'U'));
        for (int i = 0; i < 4; i++)
            Assert.Equal(i, Alphabet.Decode((byte)char.ToLowerInvariant(Alphabet.Letters[i])));
        Assert.Equal(Alphabet.Unknown, Alphabet.Decode((byte)'N'));
        Assert.Equal(Alphabet.NotSequence, Alphabet.Decode((byte)'7'));
    }
}
