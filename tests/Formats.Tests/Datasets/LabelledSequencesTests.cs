using System.IO.Compression;
using System.Text;
using GenomeScan.Formats.Datasets;

namespace GenomeScan.Formats.Tests.Datasets;

public sealed class LabelledSequencesTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-labelled-");

    public void Dispose() => dir.Delete(true);

    string Write(string name, string text, bool gzip = false)
    {
        var path = Path.Combine(dir.FullName, name);
        if (gzip)
        {
            using var file = File.Create(path);
            using var zip = new GZipStream(file, CompressionLevel.Fastest);
            zip.Write(Encoding.ASCII.GetBytes(text));
        }
        else
            File.WriteAllText(path, text);
        return path;
    }

    const string Seq = "FoldID\tEventID\tseq\tBound\nA\tseq_00002_peak\tACGTACGTAC\t1\nA\tseq_00002_shuf\tCCCCGGGG\t0\nA\tseq_00004_peak\tTTTTTTTTTTTT\t1\n";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DeepBindSeqIsReadByContentAndFittedToTheLongest(bool gzip)
    {
        var path = Write(gzip ? "x.seq.gz" : "x.seq", Seq, gzip);
        Assert.Equal(LabelledSequences.Layout.DeepBindSeq, LabelledSequences.Detect(path));
        var (data, fitting, _) = LabelledSequences.Read(path);
        Assert.Equal(new SequenceFitting(12, 0, 2), fitting);
        Assert.Equal([1, 0, 1], data.Labels);
        // Shorter sequences are centred: 10 bases in 12 leave one N on each side.
        Assert.Equal("NACGTACGTACN", DatasetCsv.Letters(data.Row(0)));
        Assert.Equal("NNCCCCGGGGNN", DatasetCsv.Letters(data.Row(1)));
    }

    [Fact]
    public void LongerSequencesAreCentredAndCropped()
    {
        var (data, fitting, _) = LabelledSequences.Read(Write("x.seq", Seq), length: 6);
        Assert.Equal(new SequenceFitting(6, 3, 0), fitting);
        Assert.Equal("GTACGT", DatasetCsv.Letters(data.Row(0)));
        Assert.Equal("CCCGGG", DatasetCsv.Letters(data.Row(1)));
    }

    [Theory]
    [InlineData("FoldID\tEventID\tseq\tBound\nA\tx\tACGT\n", 2, "expected 4 tab-separated fields")]
    [InlineData("FoldID\tEventID\tseq\tBound\nA\tx\tACGT\t1\nA\ty\tAC7T\t0\n", 3, "'7' is not a base")]
    [InlineData("FoldID\tEventID\tseq\tBound\nA\tx\tACGT\t2\n", 2, "Bound '2' is not 0 or 1")]
    public void BadLinesNameTheFileAndLine(string text, int line, string problem)
    {
        var path = Write("bad.seq", text);
        var error = Assert.Throws<InputException>(() => LabelledSequences.Read(path));
        Assert.StartsWith($"{path}:{line}:", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void FastaOfEachClassGetsItsLabel()
    {
        var positives = Write("p.fa", ">a\nACGTACGT\n>b\nAAAA\n");
        var negatives = Write("n.fa", ">c\nCCCCCC\n");
        Assert.Equal(LabelledSequences.Layout.Fasta, LabelledSequences.Detect(positives));
        var (data, fitting) = LabelledSequences.ReadFasta(positives, negatives);
        Assert.Equal([1, 1, 0], data.Labels);
        Assert.Equal(new SequenceFitting(8, 0, 2), fitting);
        Assert.Equal("NNAAAANN", DatasetCsv.Letters(data.Row(1)));
        Assert.Throws<InputException>(() => LabelledSequences.Read(positives));
    }

    [Fact]
    public void TheExercisesCsvStaysAsItIs()
    {
        var path = Write("FOXO1_test.csv", ",0,1,2,label\n0,0,1,2,1\n1,3,3,3,0\n");
        var (data, fitting, _) = LabelledSequences.Read(path, length: 100);
        Assert.Equal(3, data.Length);
        Assert.Equal(new SequenceFitting(3, 0, 0), fitting);
    }

    [Fact]
    public void OneFastaCarriesItsLabelsInTheHeaders()
    {
        var path = Write("both.fa", ">p1 1\nACGTACGTAA\n>n1 some words bound=0\nCCCC\n>p2|1\nGGGGTTTTGG\n>n2 label=0\nAAAAAAAAAAAA\n");
        var (data, fitting, layout) = LabelledSequences.Read(path, fastaLabels: true);
        Assert.Equal(LabelledSequences.Layout.Fasta, layout);
        Assert.Equal([1, 0, 1, 0], data.Labels.Select(l => (int)l));
        Assert.Equal(12, data.Length);
        Assert.Equal(3, fitting.Padded);
        // Without --labels a FASTA is one class; a header without a label names its line.
        Assert.Contains("--labels", Assert.Throws<InputException>(() => LabelledSequences.Read(path)).Message);
        var bad = Write("bad.fa", ">p1 1\nACGT\n>n1 maybe\nCCCC\n");
        Assert.StartsWith($"{bad}:3", Assert.Throws<InputException>(() => LabelledSequences.Read(bad, fastaLabels: true)).Message);
    }
}
