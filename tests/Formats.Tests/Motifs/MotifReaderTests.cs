using GenomeScan.Formats.Motifs;

namespace GenomeScan.Formats.Tests.Motifs;

public class MotifReaderTests
{
    static void AssertRowsSumToOne(Motif motif)
    {
        for (int i = 0; i < motif.Length; i++)
        {
            double sum = 0;
            for (int b = 0; b < 4; b++)
            {
                Assert.InRange(motif.Probability(i, b), 0, 1);
                sum += motif.Probability(i, b);
            }
            Assert.Equal(1.0, sum, 12);
        }
    }

    [Fact]
    public void BuiltInMotifIsTheHocomocoFoxo1CountMatrix()
    {
        var motif = MotifReader.BuiltIn();
        Assert.Equal("FOXO1_HUMAN.H11MO.0.A", motif.Name);
        Assert.Equal("FOXO1", motif.ShortName);
        Assert.Equal(12, motif.Length);
        Assert.Equal(500, motif.Sites);
        AssertRowsSumToOne(motif);
        // Row 5 of the .pcm is "3 6 7 484": a T.
        Assert.Equal(484.0 / 500, motif.Probability(4, 3), 12);
    }

    [Fact]
    public void RepositoryCopyMatchesTheEmbeddedMotif()
    {
        var path = Path.Combine(RepoRoot.Path, "motifs", "FOXO1_HUMAN.H11MO.0.A.pcm");
        var fromFile = MotifReader.ReadFile(path)[0];
        var builtIn = MotifReader.BuiltIn();
        Assert.Equal(builtIn.Probabilities, fromFile.Probabilities);
    }

    [Fact]
    public void ReadsMemeLetterProbabilityMatrices()
    {
        var text = """
            MEME version 4

            ALPHABET= ACGT

            strands: + -

            Background letter frequencies
            A 0.25 C 0.25 G 0.25 T 0.25

            MOTIF MA0001.1 first
            letter-probability matrix: alength= 4 w= 2 nsites= 20 E= 0
              0.5 0.5 0 0
              0.1 0.2 0.3 0.4

            MOTIF second
            letter-probability matrix: alength= 4 w= 1
            0 0 0 1
            """;
        var motifs = MotifReader.Parse(text, "x.meme");
        Assert.Equal(2, motifs.Count);
        // id and alt id, as JASPAR's other formats name it (and --motif-name finds it by either).
        Assert.Equal("MA0001.1_first", motifs[0].Name);
        Assert.Same(motifs[0], MotifReader.Pick(motifs, "first", "x.meme").Single());
        Assert.Same(motifs[0], MotifReader.Pick(motifs, "MA0001.1", "x.meme").Single());
        Assert.Equal(2, motifs[0].Length);
        Assert.Equal(20, motifs[0].Sites);
        Assert.Equal(0.4, motifs[0].Probability(1, 3), 12);
        Assert.Equal("second", motifs[1].Name);
        Assert.Equal(1.0, motifs[1].Probability(0, 3));
        Assert.All(motifs, AssertRowsSumToOne);
    }

    [Fact]
    public void ReadsJasparBracketedAndBareMatrices()
    {
        var bracketed = """
            >MA0480.1 Foxo1
            A  [ 1  0  3 ]
            C  [ 1  0  0 ]
            G  [ 1  0  0 ]
            T  [ 1 10  1 ]
            """;
        var motif = MotifReader.Parse(bracketed, "x.jaspar")[0];
        Assert.Equal("MA0480.1_Foxo1", motif.Name);
        Assert.Equal(3, motif.Length);
        Assert.Equal(0.25, motif.Probability(0, 0), 12);
        Assert.Equal(1.0, motif.Probability(1, 3), 12);
        Assert.Equal(0.75, motif.Probability(2, 0), 12);

        var bare = ">m\n1 0 3\n1 0 0\n1 0 0\n1 10 1\n";
        Assert.Equal(motif.Probabilities, MotifReader.Parse(bare, "x.pfm")[0].Probabilities);
    }

    [Fact]
    public void InvertsHocomocoLogOddsWeights()
    {
        // w = ln(p / 0.25) for p = (0.7, 0.1, 0.1, 0.1).
        double[] p = [0.7, 0.1, 0.1, 0.1];
        var row = string.Join('\t', p.Select(v => Math.Log(v / 0.25).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        var motif = MotifReader.Parse($">w\n{row}\n", "x.pwm")[0];
        for (int b = 0; b < 4; b++)
            Assert.Equal(p[b], motif.Probability(0, b), 9);
    }

    [Fact]
    public void ReadsManyMotifsAndCrlfLineEnds()
    {
        var motifs = MotifReader.Parse(">a\r\n1 2 3 4\r\n>b\r\n4 3 2 1\r\n2 2 2 2\r\n", "x.pcm");
        Assert.Equal(["a", "b"], motifs.Select(m => m.Name));
        Assert.Equal(2, motifs[1].Length);
    }

    [Theory]
    [InlineData("", "bad.pcm: empty motif file")]
    [InlineData("1 2 3 4\n", "bad.pcm:1: expected a '>' header")]
    [InlineData(">m\n1 2 x 4\n", "bad.pcm:2:3: 'x' is not a number")]
    [InlineData(">m\n1 2 3\n", "bad.pcm:2: motif m: expected 4 values")]
    [InlineData(">m\n1 2 3 4\n-1 2 3 4 5\n", "bad.pcm:3: motif m: expected 4 values")]
    [InlineData(">m\n0 0 0 0\n", "bad.pcm:2: motif m: position 1 has no counts")]
    [InlineData(">m\n", "bad.pcm:1: motif m has no rows")]
    [InlineData(">m\nA [1 2]\nC [1 2]\nG [1 2]\n", "bad.pcm:1: motif m: a base-per-row matrix needs exactly 4 rows")]
    [InlineData("MEME version 4\nMOTIF m\nletter-probability matrix: alength= 4 w= 1\n0.5 0.5 0.5 0.5\n", "bad.pcm:4: motif m: probabilities of position 1 sum to 2")]
    [InlineData("MEME version 4\nMOTIF m\nletter-probability matrix: alength= 4 w= 3\n0.5 0.5 0 0\n", "bad.pcm:5: motif m: expected 3 rows, found 1")]
    [InlineData("MEME version 4\nALPHABET= ACDEFGHIKLMNPQRSTVWY\n", "bad.pcm:2: alphabet")]
    [InlineData("MEME version 4\n", "bad.pcm: no motif found")]
    [InlineData(">m\n-1 800 0 0\n", "bad.pcm:2: motif m: position 1 holds values too large to be log-odds")]
    [InlineData(">m\n1e308 1e308 1e308 1e308\n", "bad.pcm:2: motif m: position 1 holds values too large to be counts")]
    public void RejectsMalformedFilesNamingFileAndLine(string text, string expectedStart)
    {
        var error = Assert.Throws<InputException>(() => MotifReader.Parse(text, "bad.pcm"));
        Assert.StartsWith(expectedStart, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void MissingFileIsAnInputErrorNamingIt()
    {
        var error = Assert.Throws<InputException>(() => MotifReader.ReadFile("/no/such/motif.pcm"));
        Assert.StartsWith("/no/such/motif.pcm: cannot read motif file", error.Message);
    }

    [Fact]
    public void TransfacRecordsHoldTheSameCountsAsOtherFormats()
    {
        var collections = Path.Combine(GenomeScan.Tests.RepoRoot.Path, "motifs", "collections");
        var hocomoco = MotifReader.ReadFile(Path.Combine(collections, "HOCOMOCO_2017-10-17_Human.tf"));
        // The TRANSFAC FOXO1 record holds the same counts as the built-in .pcm.
        var builtIn = MotifReader.BuiltIn();
        var foxo1 = hocomoco.Single(m => m.Name == builtIn.Name);
        Assert.Equal(builtIn.Length, foxo1.Length);
        for (int i = 0; i < foxo1.Length; i++)
            for (int b = 0; b < 4; b++)
                Assert.Equal(builtIn.Probability(i, b), foxo1.Probability(i, b), 9);
        // JASPAR: accession and ID, unique names for a factor's several matrices.
        var jaspar = MotifReader.ReadFile(Path.Combine(collections, "JASPAR2024_CORE_vertebrates_non-redundant_pfms_transfac.txt"));
        Assert.Contains(jaspar, m => m.Name == "MA0138.3_REST" && m.Length == 20);
        Assert.True(jaspar.Count(m => m.Name.EndsWith("_CTCF", StringComparison.Ordinal)) >= 2);
    }

    [Fact]
    public void BadTransfacRowsNameFileAndLine()
    {
        var text = "AC  M1\nXX\nID  X\nP0      A      C      G      T\n01 1 2 3 4\n02 1 2 x 4\nXX\n//\n";
        var error = Assert.Throws<InputException>(() => MotifReader.Parse(text, "bad.tf"));
        Assert.StartsWith("bad.tf:6", error.Message);
        Assert.Single(MotifReader.Parse(text.Replace(" x ", " 3 "), "ok.tf"));
    }

    [Theory]
    [InlineData("HOCOMOCO_2017-10-17_Human.tf", 771, "AHR_HUMAN.H11MO.0.B", "ZSCA4_HUMAN.H11MO.0.D")]
    [InlineData("HOCOMOCO_2017-10-17_Mouse.tf", 531, "AHR_MOUSE.H11MO.0.B", "ZN431_MOUSE.H11MO.0.C")]
    [InlineData("JASPAR2024_CORE_vertebrates_non-redundant_pfms_transfac.txt", 879, "MA0004.1_Arnt", "MA0108.3_TBP")]
    public void TheShippedCollectionsReadWhole(string file, int count, string first, string? last)
    {
        var motifs = MotifReader.ReadFile(Path.Combine(GenomeScan.Tests.RepoRoot.Path, "motifs", "collections", file));
        Assert.Equal(count, motifs.Count);
        Assert.Equal(count, motifs.Select(m => m.Name).Distinct().Count());
        Assert.Equal(first, motifs[0].Name);
        if (last is not null)
            Assert.Equal(last, motifs[^1].Name);
        Assert.All(motifs, m => Assert.InRange(m.Length, 4, 40));
        motifs.ToList().ForEach(AssertRowsSumToOne);
    }
}
