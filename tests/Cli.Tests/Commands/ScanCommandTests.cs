using System.Globalization;
using System.Text;
using GenomeScan.Formats.Sequences;
using GenomeScan.Scanner.Network;

namespace GenomeScan.Cli.Tests.Commands;

public sealed class ScanCommandTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-scan-");

    public void Dispose() => dir.Delete(true);

    string PathOf(string name) => Path.Combine(dir.FullName, name);

    static string RandomBases(Random rng, int n) => new(Enumerable.Range(0, n).Select(_ => "ACGTacgt"[rng.Next(8)]).ToArray());

    /// <summary>Three records: one with an N run, one exactly a window long, one shorter than a window.</summary>
    string WriteGenome(string name = "genome.fa", int lineWidth = 60)
    {
        var rng = new Random(3);
        var first = RandomBases(rng, 400).ToCharArray();
        for (int i = 150; i < 230; i++)
            first[i] = 'N';
        var records = new[] { ("chrA", new string(first)), ("chrB", RandomBases(rng, 100)), ("chrC", RandomBases(rng, 60)) };
        var text = new StringBuilder();
        foreach (var (n, bases) in records)
        {
            text.Append('>').Append(n).Append(" test\n");
            for (int i = 0; i < bases.Length; i += lineWidth)
                text.Append(bases.AsSpan(i, Math.Min(lineWidth, bases.Length - i))).Append('\n');
        }
        var path = PathOf(name);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    static CliRunner.Result Scan(params string[] args) => CliRunner.Run(["scan", "-q", .. args]);

    [Fact]
    public void EveryBedRecordIsTheModelsScoreOfTheBasesBedtoolsGetfastaReturns()
    {
        Shell.Require("bedtools");
        var genome = WriteGenome();
        var bed = PathOf("all.bed");
        var scan = Scan(genome, "--threshold", "0", "--no-merge", "--stride", "7", "-o", bed);
        Assert.Equal(0, scan.ExitCode);
        var lines = File.ReadAllLines(bed);
        // chrA: starts 0,7,…,294 (43) + the end-aligned 300, minus windows with > 10 N; chrB: 1; chrC: 1 padded.
        var getfasta = Shell.Run($"bedtools getfasta -s -tab -fi {genome} -bed {bed}");
        Assert.Equal(0, getfasta.ExitCode);
        var sequences = getfasta.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[1]).ToArray();
        Assert.Equal(lines.Length, sequences.Length);

        using var model = OnnxWindowClassifier.LoadBuiltIn();
        var oneHot = new float[lines.Length * 100 * 4];
        for (int i = 0; i < lines.Length; i++)
        {
            var fields = lines[i].Split('\t');
            var seq = sequences[i];
            // The scanner pads a short record's window with unknown bases at its 3' end; on the minus strand
            // that padding comes first.
            var padded = fields[5] == "+" ? seq.PadRight(100, 'N') : seq.PadLeft(100, 'N');
            for (int p = 0; p < 100; p++)
            {
                var code = Alphabet.Code((byte)padded[p]);
                if (code < 4)
                    oneHot[(i * 100 + p) * 4 + code] = 1;
            }
        }
        var expected = model.Predict(oneHot, lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            var fields = lines[i].Split('\t');
            Assert.Equal(7, fields.Length);
            Assert.Equal("genomescan-v7", fields[3]);
            // The 7th column is the logit of the model's probability; the score (no null: --threshold) the probability × 1000.
            double logit = double.Parse(fields[6], CultureInfo.InvariantCulture);
            double probability = 1 / (1 + Math.Exp(-logit));
            Assert.True(Math.Abs(probability - expected[i]) <= 1e-6, $"{lines[i]}: model gives {expected[i]}");
            Assert.Equal((int)Math.Round(expected[i] * 1000.0, MidpointRounding.AwayFromZero), int.Parse(fields[4], CultureInfo.InvariantCulture));
        }
        var starts = lines.Where(l => l.StartsWith("chrA\t")).Select(l => long.Parse(l.Split('\t')[1])).Distinct().ToArray();
        Assert.Contains(300L, starts);
        Assert.DoesNotContain(154L, starts);
        Assert.Contains(lines, l => l.StartsWith("chrC\t0\t60\t"));
        Assert.Equal(2, lines.Count(l => l.StartsWith("chrB\t0\t100\t")));
    }

    [Fact]
    public void PlainGzipBgzipAndStdinGiveIdenticalOutput()
    {
        Shell.Require("bgzip", "gzip");
        var genome = WriteGenome();
        var plain = Scan(genome, "--threshold", "0.2", "--stride", "3");
        Assert.Equal(0, plain.ExitCode);
        Assert.NotEmpty(plain.Stdout);
        var run = Shell.Run($"set -e; gzip -c {genome} > {genome}.gz; bgzip -c {genome} > {genome}.bgz; "
            + $"$GS scan -q --threshold 0.2 --stride 3 {genome}.gz; echo ===; $GS scan -q --threshold 0.2 --stride 3 {genome}.bgz; echo ===; "
            + $"cat {genome} | $GS scan -q --threshold 0.2 --stride 3 -; echo ===; gzip -c {genome} | $GS scan -q --threshold 0.2 --stride 3");
        Assert.True(run.ExitCode == 0, run.Stderr);
        foreach (var output in run.Stdout.Split("===\n"))
            Assert.Equal(plain.Stdout, output);
    }

    [Fact]
    public void ThreadsAndBatchSizesDoNotChangeTheOutput()
    {
        var genome = WriteGenome();
        var reference = Scan(genome, "--threshold", "0.1", "--stride", "1", "-j", "1", "--batch-size", "1024");
        Assert.Equal(0, reference.ExitCode);
        foreach (var (threads, batch) in new[] { ("2", "1"), ("2", "7"), ("3", "64"), ("1", "5") })
            Assert.Equal(reference.Stdout, Scan(genome, "--threshold", "0.1", "--stride", "1", "-j", threads, "--batch-size", batch).Stdout);
    }

    [Fact]
    public void SingleStrandsAreSubsetsOfBoth()
    {
        var genome = WriteGenome();
        string[] args = [genome, "--threshold", "0", "--no-merge", "--stride", "5"];
        var both = Scan(args).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var plus = Scan([.. args, "--strand", "+"]).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var minus = Scan([.. args, "--strand", "-"]).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(both.Where(l => l.Contains("\t+\t")), plus);
        Assert.Equal(both.Where(l => l.Contains("\t-\t")), minus);
    }

    [Fact]
    public void SamtoolsAndBedtoolsPipelinesRun()
    {
        Shell.Require("samtools", "bedtools", "bgzip");
        var example = Path.Combine(RepoRoot.Path, "examples", "dm3_chr2R_1M.fa.gz");
        var fa = PathOf("ex.fa");
        var run = Shell.Run($"set -e; bgzip -dc {example} > {fa}; samtools faidx {fa}; "
            + $"samtools faidx {fa} chr2R:100001-150000 | $GS scan -q - > {PathOf("region.bed")}; "
            + $"$GS scan -q --stride 20 {fa} | bedtools sort | bedtools merge > {PathOf("merged.bed")}; "
            + $"$GS scan -q --stride 20 {example} > {PathOf("direct.bed")}");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var region = File.ReadAllLines(PathOf("region.bed"));
        Assert.NotEmpty(region);
        // The record samtools names chr2R:100001-150000 is reported in chr2R's coordinates.
        Assert.All(region, l => Assert.StartsWith("chr2R\t", l));
        Assert.All(region, l => Assert.InRange(long.Parse(l.Split('\t')[1]), 100_000, 150_000));
        var merged = File.ReadAllLines(PathOf("merged.bed"));
        Assert.NotEmpty(merged);
        Assert.All(merged, l => Assert.Equal(3, l.Split('\t').Length));
        // bedtools merge of the scanner's output equals merging its own regions regardless of strand.
        var direct = Shell.Run($"cut -f1-3 {PathOf("direct.bed")} | sort -k1,1 -k2,2n | bedtools merge");
        Assert.Equal(string.Join('\n', merged), direct.Stdout.TrimEnd('\n'));
    }

    [Fact]
    public void OutputFileIsWrittenOnlyOnSuccess()
    {
        var genome = WriteGenome();
        var output = PathOf("hits.bed");
        Assert.Equal(0, Scan(genome, "-o", output, "--threshold", "0.1").ExitCode);
        Assert.True(File.Exists(output));

        var bad = PathOf("bad.fa");
        File.WriteAllText(bad, ">a\nACGT\n>b\nAC\u0001GT\n");
        var failed = PathOf("failed.bed");
        var result = Scan(bad, "-o", failed);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"genomescan: {bad}:4: record b: unexpected character 0x01 in the sequence (binary data?)\n", result.Stderr);
        Assert.False(File.Exists(failed));
        Assert.Empty(Directory.GetFiles(dir.FullName, ".*tmp"));
        Assert.Equal(1, Scan(genome, "-o", genome).ExitCode);
    }

    [Theory]
    [InlineData("", "empty input")]
    [InlineData("ACGT\n", "not FASTA")]
    [InlineData(">a\n\u007fELF\u0002\u0001\n", "unexpected character 0x7F")]
    public void BadInputGivesOneLineAndNoOutput(string content, string expected)
    {
        var path = PathOf("in.fa");
        File.WriteAllText(path, content);
        var result = Scan(path);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains(path, result.Stderr);
        Assert.Contains(expected, result.Stderr);
    }

    [Fact]
    public void TruncatedGzipGivesNoPartialOutput()
    {
        Shell.Require("gzip");
        var genome = WriteGenome();
        var run = Shell.Run($"gzip -c {genome} | head -c 200 > {genome}.gz; $GS scan -q --threshold 0 {genome}.gz");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("truncated gzip", run.Stderr);
    }

    [Fact]
    public void UnreadableFilesAndUnfitModelsAreOneLineErrors()
    {
        var missing = Scan(PathOf("nope.fa"));
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith($"genomescan: {PathOf("nope.fa")}: cannot open", missing.Stderr);

        var junk = PathOf("junk.onnx");
        File.WriteAllText(junk, "not onnx");
        var bad = Scan(WriteGenome(), "--model", junk);
        Assert.Equal(1, bad.ExitCode);
        Assert.StartsWith($"genomescan: {junk}: not a model", bad.Stderr);

        var stride = Scan(WriteGenome(), "--stride", "101");
        Assert.Equal(1, stride.ExitCode);
        Assert.Contains("--stride 101 is longer than the model's 100-bp window", stride.Stderr);
    }

    [Fact]
    public void SummaryLineCountsWindowsAndSkips()
    {
        var result = CliRunner.Run("scan", WriteGenome(), "--stride", "10", "--device", "cpu");
        Assert.Equal(0, result.ExitCode);
        // chrA: starts 0..300 by 10 (31); those from 70 to 210 (15) hold more than 10 of the Ns at 150–229; chrB and chrC one each.
        Assert.Contains("scan: 3 records, 560 bases, 18 windows scored (36 strand scores), 15 windows skipped (more than 10 unknown bases)", result.Stderr);
    }
}

public sealed class ScanModelTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-scan-model-");

    public void Dispose() => dir.Delete(true);

    /// <summary>A classifier not written by genomescan: mean over positions of a linear score, then a sigmoid, output [N].</summary>
    static byte[] ForeignModel(int length, int channels)
    {
        var builder = new GenomeScan.Scanner.Network.OnnxGraphBuilder("foreign");
        builder.Input(GenomeScan.Scanner.Network.OnnxGraphBuilder.Value("x", "n", null, length, channels));
        builder.Output(GenomeScan.Scanner.Network.OnnxGraphBuilder.Value("p", "n", [null]));
        var weights = builder.Initializer("w", Enumerable.Range(0, channels).Select(i => i == 3 ? 1f : -0.5f).ToArray(), channels);
        var scored = builder.Node("Mul", ["x", weights]);
        var summed = builder.Node("ReduceSum", [scored, builder.Constant([1, 2])], null, GenomeScan.Scanner.Network.OnnxGraphBuilder.Int("keepdims", 0));
        builder.Node("Sigmoid", [summed], "p");
        return Google.Protobuf.MessageExtensions.ToByteArray(builder.Build(17, new Dictionary<string, string>()));
    }

    string Genome()
    {
        var path = Path.Combine(dir.FullName, "g.fa");
        File.WriteAllText(path, ">g\n" + new string('T', 130) + new string('A', 150) + "\n");
        return path;
    }

    [Fact]
    public void AForeignOnnxClassifierScansWindowByWindow()
    {
        var model = Path.Combine(dir.FullName, "foreign.onnx");
        File.WriteAllBytes(model, ForeignModel(100, 4));
        var result = CliRunner.Run("scan", Genome(), "--model", model, "--threshold", "0.5", "--no-merge", "--strand", "+", "--stride", "10");
        Assert.Equal(0, result.ExitCode);
        // Score = #T − 0.5·#A: above 0 (p > 0.5) while a window holds at least 34 T, i.e. starts at or before 96.
        var starts = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => int.Parse(l.Split('\t')[1])).ToArray();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 10), starts);
        Assert.Contains("foreign", result.Stdout);
        var shared = CliRunner.Run("scan", Genome(), "--model", model, "--engine", "shared");
        Assert.Equal(1, shared.ExitCode);
        Assert.Contains("--engine shared does not understand this model's graph", shared.Stderr);
    }

    [Fact]
    public void AModelThatDoesNotTakeOneHotWindowsIsRefused()
    {
        var model = Path.Combine(dir.FullName, "five.onnx");
        File.WriteAllBytes(model, ForeignModel(100, 5));
        var result = CliRunner.Run("scan", Genome(), "--model", model);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"genomescan: {model}: model input x has shape [-1, 100, 5], expected [N, L, 4] with a fixed window length L\n", result.Stderr);
    }

    [Fact]
    public void DeviceCudaFailsClearlyWhereCudaCannotLoad()
    {
        // This machine and CI have no GPU; where one is lent, CUDA loads and the scan runs.
        var result = CliRunner.Run("scan", "-q", Genome(), "--device", "cuda");
        if (result.ExitCode == 0)
            return;
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("genomescan: --device cuda: the CUDA execution provider cannot load", result.Stderr);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        var auto = CliRunner.Run("scan", Genome(), "--device", "auto");
        Assert.Equal(0, auto.ExitCode);
        Assert.Contains("CUDA execution provider unavailable", auto.Stderr);
    }
}
