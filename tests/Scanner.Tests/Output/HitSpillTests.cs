namespace GenomeScan.Scanner.Tests.Output;

public class HitSpillTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1_000)]
    [InlineData(600_000)]   // past the 16 MiB held in memory: the rest goes to a temporary file
    public void HitsComeBackAsTheyWentIn(int count)
    {
        var rng = new Random(4);
        string[] chroms = ["chr1", "chr2", "chrUn_1"];
        var hits = Enumerable.Range(0, count).Select(i => new Hit(chroms[i * 3 / Math.Max(count, 1)], rng.NextInt64(1L << 40), rng.NextInt64(1L << 40),
            rng.Next(2) == 0 ? '+' : '-', rng.NextSingle(), rng.NextInt64(1L << 40))).ToList();
        using var spill = new HitSpill();
        foreach (var hit in hits)
            spill.Add(hit);
        Assert.Equal(count, spill.Count);
        Assert.Equal(hits, spill.ReadBack());
    }
}
