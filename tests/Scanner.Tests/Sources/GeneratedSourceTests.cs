using GenomeScan.Formats.Sequences;

namespace GenomeScan.Scanner.Tests.Sources;

public class GeneratedSourceTests
{
    static async Task<(byte[] Codes, int Ends)> Read(ISequenceSource source)
    {
        var codes = new List<byte>();
        int ends = 0;
        await SequenceSources.ForEachChunkAsync(source, chunk =>
        {
            Assert.Equal(codes.Count, chunk.Start);
            codes.AddRange(chunk.Span.ToArray());
            ends += chunk.EndOfRecord ? 1 : 0;
        });
        return ([.. codes], ends);
    }

    [Fact]
    public async Task GeneratedSequenceDependsOnTheSeedAloneNotOnTheChunks()
    {
        var composition = new BaseComposition(0.3, 0.2, 0.2, 0.3) { Pairs = [.. Enumerable.Range(0, 16).Select(i => (i % 5 + 1) / 40.0)] };
        foreach (var make in new Func<ulong, int, ISequenceSource>[]
        {
            (seed, chunk) => GeneratedSource.Iid(composition, 10_007, seed, chunk),
            (seed, chunk) => GeneratedSource.Markov(composition, 10_007, seed, chunk),
        })
        {
            var (reference, ends) = await Read(make(3, 4096));
            Assert.Equal(10_007, reference.Length);
            Assert.Equal(1, ends);
            Assert.All(reference, c => Assert.InRange(c, 0, Alphabet.Size - 1));
            foreach (var chunk in new[] { 1, 7, 1 << 20 })
                Assert.Equal(reference, (await Read(make(3, chunk))).Codes);
            Assert.NotEqual(reference, (await Read(make(4, 4096))).Codes);
        }
    }

    [Fact]
    public async Task GivenCodesComeBackAsOneRecord()
    {
        var codes = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7 % 4)).ToArray();
        var (read, ends) = await Read(GeneratedSource.Of(codes, 64));
        Assert.Equal(codes, read);
        Assert.Equal(1, ends);
    }
}
