using System.Text;
using System.Text.Json;
using GenomeScan.Formats.Datasets;
using GenomeScan.Formats.Motifs;

namespace GenomeScan.Cli.Tests.Commands;

/// <summary>train and evaluate on DeepBind's .seq layout and on FASTA, with sites of the built-in motif planted in 101-bp sequences.</summary>
[Collection(GenomeScan.Tests.TorchTests.Name)]
public sealed class LabelledSequenceCommandTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-seq-");

    public void Dispose() => dir.Delete(true);

    /// <summary>101-bp sequences (DeepBind's length) with a FOXO1 site anywhere in the positives; shuffled-looking uniform negatives.</summary>
    (string Seq, List<(string Bases, int Label)> Rows) Write(string name, int count, bool positivesOnly, int seed)
    {
        var data = MotifDatasetSimulator.Simulate(MotifReader.BuiltIn(), new SimulationOptions(Count: 2 * count, Length: 101, Seed: (ulong)seed)).Train;
        var rows = Enumerable.Range(0, data.Count).Select(r => (Bases: DatasetCsv.Letters(data.Row(r)), Label: (int)data.Labels[r]))
            .Where(r => !positivesOnly || r.Label == 1).ToList();
        var text = new StringBuilder("FoldID\tEventID\tseq\tBound\n");
        for (int i = 0; i < rows.Count; i++)
            text.Append($"A\tseq_{i:D5}_{(rows[i].Label == 1 ? "peak" : "shuf")}\t{rows[i].Bases}\t{rows[i].Label}\n");
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllText(path, text.ToString());
        return (path, rows);
    }

    [Fact]
    public void EvaluateReadsDeepBindSequencesAndFastaFittedToTheModelsWindow()
    {
        var (seq, rows) = Write("B.seq", 150, positivesOnly: false, seed: 4);
        var bySeq = CliRunner.Run("evaluate", "--data", seq, "--json");
        Assert.True(bySeq.ExitCode == 0, bySeq.Stderr);
        using var report = JsonDocument.Parse(bySeq.Stdout);
        Assert.Equal(rows.Count, report.RootElement.GetProperty("n").GetInt32());
        var fitted = report.RootElement.GetProperty("fitted");
        Assert.Equal(100, fitted.GetProperty("length").GetInt32());
        Assert.Equal(rows.Count, fitted.GetProperty("cropped").GetInt32());
        // The built-in model finds sites centred (±0.5 bp) in simulated sequences.
        Assert.True(report.RootElement.GetProperty("auroc").GetDouble() > 0.9, bySeq.Stdout);

        var positives = Path.Combine(dir.FullName, "p.fa");
        var negatives = Path.Combine(dir.FullName, "n.fa");
        File.WriteAllText(positives, string.Concat(rows.Where(r => r.Label == 1).Select((r, i) => $">p{i}\n{r.Bases}\n")));
        File.WriteAllText(negatives, string.Concat(rows.Where(r => r.Label == 0).Select((r, i) => $">n{i}\n{r.Bases}\n")));
        var byFasta = CliRunner.Run("evaluate", "--positives", positives, "--negatives", negatives, "--json");
        Assert.True(byFasta.ExitCode == 0, byFasta.Stderr);
        using var fastaReport = JsonDocument.Parse(byFasta.Stdout);
        Assert.Equal(report.RootElement.GetProperty("auroc").GetDouble(), fastaReport.RootElement.GetProperty("auroc").GetDouble(), 9);
    }

    [Fact]
    public void TrainingOnPositivesOnlyAddsShuffledNegatives()
    {
        var (train, positives) = Write("AC.seq", 4000, positivesOnly: true, seed: 6);
        var (test, _) = Write("B.seq", 150, positivesOnly: false, seed: 7);
        var outDir = Path.Combine(dir.FullName, "out");
        var run = CliRunner.Run("train", "--arch", "v2", "--train", train, "--test", test, "--out", outDir, "--epochs", "10", "--learning-rate", "3e-3", "-j", "2");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"has positives only: one dinucleotide shuffle of each added as a negative ({positives.Count:N0} + {positives.Count:N0})", run.Stderr);
        using var meta = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "v2.json")));
        Assert.Equal(101, meta.RootElement.GetProperty("window_length").GetInt32());
        // Real data: both strands and random shifts by default.
        Assert.Equal("both", meta.RootElement.GetProperty("strands").GetString());
        Assert.Equal(20, meta.RootElement.GetProperty("max_shift").GetInt32());
        var evaluate = CliRunner.Run("evaluate", "--model", Path.Combine(outDir, "v2.onnx"), "--data", test, "--json");
        Assert.True(evaluate.ExitCode == 0, evaluate.Stderr);
        using var report = JsonDocument.Parse(evaluate.Stdout);
        Assert.False(report.RootElement.TryGetProperty("fitted", out _));
        Assert.True(report.RootElement.GetProperty("auroc").GetDouble() > 0.6, evaluate.Stdout);
    }
}
