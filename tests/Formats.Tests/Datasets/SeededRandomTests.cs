using GenomeScan.Formats.Datasets;

namespace GenomeScan.Formats.Tests.Datasets;

public class SeededRandomTests
{
    [Fact]
    public void SameSeedSameSequence()
    {
        var a = new SeededRandom(42);
        var b = new SeededRandom(42);
        for (int i = 0; i < 100; i++)
            Assert.Equal(a.NextUInt64(), b.NextUInt64());
    }

    [Fact]
    public void NextIntIsUniformOverItsRange()
    {
        var rng = new SeededRandom(1);
        var counts = new int[4];
        const int n = 400_000;
        for (int i = 0; i < n; i++)
            counts[rng.NextInt(4)]++;
        // Five standard errors of a binomial(n, 1/4).
        double tolerance = 5 * Math.Sqrt(n * 0.25 * 0.75);
        Assert.All(counts, c => Assert.InRange(c, n / 4 - tolerance, n / 4 + tolerance));
    }

    [Fact]
    public void ShuffleIsAPermutation()
    {
        var items = Enumerable.Range(0, 1000).ToArray();
        new SeededRandom(5).Shuffle(items.AsSpan());
        Assert.NotEqual(Enumerable.Range(0, 1000), items);
        Assert.Equal(Enumerable.Range(0, 1000), items.Order());
    }
}
