using GenomeScan.Formats.Fasta;

namespace GenomeScan.Formats.Tests.Fasta;

public class GenomicRegionTests
{
    [Theory]
    [InlineData("chr2R", "chr2R", 0, null)]
    [InlineData("chr2R:100", "chr2R", 99, null)]
    [InlineData("chr2R:100-200", "chr2R", 99, 200L)]
    [InlineData("chr2R:1,000-2,000", "chr2R", 999, 2000L)]
    [InlineData("HLA-A*01:01:1-10", "HLA-A*01:01", 0, 10L)]
    public void ParsesSamtoolsRegionsAsZeroBasedHalfOpen(string text, string chrom, long start, long? end)
    {
        Assert.Equal(new GenomicRegion(chrom, start, end), GenomicRegion.Parse(text));
    }

    [Theory]
    [InlineData("chr:0-10")]
    [InlineData("chr:20-10")]
    public void RejectsBadPositions(string text) => Assert.Throws<InputException>(() => GenomicRegion.Parse(text));

    [Fact]
    public void RecordsNamedLikeSamtoolsRegionsHaveAParent()
    {
        Assert.Equal(("chr2R", 100_000L), GenomicRegion.ParentOf("chr2R:100001-150000"));
        Assert.Null(GenomicRegion.ParentOf("chr2R"));
        Assert.Null(GenomicRegion.ParentOf("chr2R:abc"));
    }

    [Fact]
    public void ABadRegionIsNamedAsAValueNotAFlag()
    {
        var error = Assert.Throws<InputException>(() => GenomicRegion.Parse("chr:0-10"));
        Assert.Equal("region chr:0-10: positions are 1-based", error.Message);
        Assert.Equal(("region", "chr:0-10"), (error.ValueName, error.Value));
    }
}
