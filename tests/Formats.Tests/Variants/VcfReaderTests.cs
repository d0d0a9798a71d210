using GenomeScan.Formats.Variants;

namespace GenomeScan.Formats.Tests.Variants;

public sealed class VcfReaderTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-vcf-");

    public void Dispose() => dir.Delete(true);

    const string Header = "##fileformat=VCFv4.2\n##contig=<ID=chr1>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";

    string Write(string text, bool gzip = false)
    {
        var path = Path.Combine(dir.FullName, gzip ? "v.vcf.gz" : "v.vcf");
        File.WriteAllBytes(path, gzip ? ReaderTargets.Gzip(System.Text.Encoding.ASCII.GetBytes(text)) : System.Text.Encoding.ASCII.GetBytes(text));
        return path;
    }

    static List<VcfVariant> ReadAll(VcfReader reader)
    {
        var all = new List<VcfVariant>();
        while (reader.ReadLine() is { } line)
            all.AddRange(line);
        return all;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SplitsMultiAllelicLinesAndCountsWhatItCannotScore(bool gzip)
    {
        var path = Write(Header
            + "chr1\t10\trs1\tA\tC,G,<NON_REF>\t50\tPASS\tDP=3\n"
            + "chr1\t20\t.\tACG\tA\t.\t.\t.\tGT\t0/1\n"
            + "chr1\t30\t.\tc\tT[chr2:5[,*\t.\t.\t.\n"
            + "chr1\t40\t.\tA\t.\t.\t.\t.\n", gzip);
        using var reader = VcfReader.Open(path);
        Assert.Equal(["##fileformat=VCFv4.2", "##contig=<ID=chr1>"], reader.MetaLines);
        Assert.StartsWith("#CHROM\tPOS", reader.ColumnLine);
        var all = ReadAll(reader);
        Assert.Equal(4, reader.Records);
        Assert.Equal(["C", "G", "A"], all.Select(v => v.Alt));
        Assert.All(all.Take(2), v => Assert.Equal(("chr1", 10L, 9L, "rs1", "A", "DP=3", 4L), (v.Chrom, v.Position, v.Start, v.Id, v.Ref, v.Info, v.Line)));
        Assert.Equal(("ACG", 5L), (all[2].Ref, all[2].Line));
        Assert.Equal(2, reader.Skipped[SkippedAllele.Symbolic]);
        Assert.Equal(1, reader.Skipped[SkippedAllele.SpanningDeletion]);
        Assert.Equal(1, reader.Skipped[SkippedAllele.NoAlt]);
    }

    /// <summary>
    /// The first eight columns as written (for a line with nothing to score, and for each allele), whatever the
    /// sample columns after them hold; chromosome names that come and go.
    /// </summary>
    [Fact]
    public void TheFirstEightColumnsAreTheSiteAndTheRestIsPassedOver()
    {
        var path = Write(Header
            + "chr1\t20\t.\tACG\tA\t.\t.\t.\tGT:AD\t0/1:3,4\t1|1:0,9\n"
            + "chr2\t7\tid;x\tT\t<DEL>\t12.5\tq10;s50\tEND=90;SVTYPE=DEL\tGT\t0/1\n"
            + "chr1\t9\t.\tG\tT\t.\t.\tDP=3\n"
            + "chr10\t9\t.\tN\tacgt\t.\t.\t\t\t\n");
        using var reader = VcfReader.Open(path);
        var sites = new List<(string Site, List<VcfVariant> Alleles)>();
        while (reader.ReadLine() is { } line)
            sites.Add((reader.LastSite, line));
        Assert.Equal(["chr1\t20\t.\tACG\tA\t.\t.\t.", "chr2\t7\tid;x\tT\t<DEL>\t12.5\tq10;s50\tEND=90;SVTYPE=DEL", "chr1\t9\t.\tG\tT\t.\t.\tDP=3", "chr10\t9\t.\tN\tacgt\t.\t.\t"],
            sites.Select(s => s.Site));
        Assert.Empty(sites[1].Alleles);
        var (first, third, fourth) = (sites[0].Alleles.Single(), sites[2].Alleles.Single(), sites[3].Alleles.Single());
        Assert.Equal(("chr1", 20L, ".", "ACG", "A", ".", ".", "."), (first.Chrom, first.Position, first.Id, first.Ref, first.Alt, first.Qual, first.Filter, first.Info));
        Assert.Equal(("chr1", 9L, "DP=3"), (third.Chrom, third.Position, third.Info));
        Assert.Equal(("chr10", "N", "acgt", ""), (fourth.Chrom, fourth.Ref, fourth.Alt, fourth.Info));
    }

    [Theory]
    [InlineData("\t10\t.\tA\tC\t.\t.\t.\n", ":4: column 1: empty CHROM")]
    [InlineData("chr1\t10\t.\tA\n", ":4: 4 tab-separated columns")]
    [InlineData("chr1\tten\t.\tA\tC\t.\t.\t.\n", ":4: column 2: POS 'ten'")]
    [InlineData("chr1\t0\t.\tA\tC\t.\t.\t.\n", ":4: column 2: POS '0'")]
    [InlineData("chr1\t5\t.\tAXG\tC\t.\t.\t.\n", ":4: column 4: REF 'AXG'")]
    [InlineData("chr1\t5\t.\tA\tC,Q\t.\t.\t.\n", ":4: column 5: ALT 'Q'")]
    [InlineData("chr1\t5\t.\t\tC\t.\t.\t.\n", ":4: column 4: REF ''")]
    [InlineData("chr1\t5\t.\tA\tC\t.\t.\t.\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n", ":5: column 1: a header line")]
    public void ABadLineIsOneErrorNamingFileAndLine(string records, string expected)
    {
        var path = Write(Header + records);
        using var reader = VcfReader.Open(path);
        var e = Assert.Throws<InputException>(() => ReadAll(reader));
        Assert.StartsWith(path + expected, e.Message);
    }

    [Theory]
    [InlineData("", "empty file")]
    [InlineData("chr1\t5\t.\tA\tC\t.\t.\t.\n", "the header must end with the #CHROM line")]
    [InlineData("##fileformat=VCFv4.2\n", "no #CHROM header line")]
    [InlineData("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n", "##fileformat=VCFv4.x")]
    public void AFileThatIsNotVcfIsSaidToBeNot(string text, string expected)
    {
        var path = Write(text);
        var e = Assert.Throws<InputException>(() => VcfReader.Open(path).Dispose());
        Assert.Contains(expected, e.Message);
        Assert.StartsWith(path, e.Message);
    }
}
