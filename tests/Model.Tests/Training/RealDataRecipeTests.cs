using System.Text;
using GenomeScan.Formats.Datasets;
using GenomeScan.Formats.Motifs;
using GenomeScan.Model.Training;
using GenomeScan.Scanner.Network;
using TorchSharp;

namespace GenomeScan.Model.Tests.Training;

/// <summary>The default recipe for real data: its candidates, its split, and that the test set decides nothing.</summary>
[Collection(GenomeScan.Tests.TorchTests.Name)]
public sealed class RealDataRecipeTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-recipe-");

    public void Dispose() => dir.Delete(true);

    /// <summary>DeepBind's layout: FOXO1 sites anywhere in 101-bp sequences; positives only, or both classes (labels flipped on request).</summary>
    string WriteSeq(string name, int count, bool positivesOnly, ulong seed, bool flipLabels = false)
    {
        var data = MotifDatasetSimulator.Simulate(MotifReader.BuiltIn(), new SimulationOptions(Count: 2 * count, Length: 101, Seed: seed)).Train;
        var text = new StringBuilder("FoldID\tEventID\tseq\tBound\n");
        for (int r = 0; r < data.Count; r++)
            if (!positivesOnly || data.Labels[r] == 1)
                text.Append($"A\tseq_{r:D5}\t{DatasetCsv.Letters(data.Row(r))}\t{(flipLabels ? 1 - data.Labels[r] : data.Labels[r])}\n");
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    [Fact]
    public void CandidatesAreDistinctSeededAndStartWithTheDefault()
    {
        var a = RealDataRecipe.Candidates(6, 3);
        Assert.Equal(RealDataRecipe.Default, a[0]);
        Assert.Equal(6, a.Distinct().Count());
        Assert.Equal(a, RealDataRecipe.Candidates(6, 3));
        Assert.NotEqual(a, RealDataRecipe.Candidates(6, 4));
        Assert.Equal(54, RealDataRecipe.Candidates(100, 1).Count);
    }

    [Fact]
    public void APositiveAndItsShuffleFallOnOneSideOfTheSplit()
    {
        var positives = MotifDatasetSimulator.Simulate(MotifReader.BuiltIn(), new SimulationOptions(Count: 400, Length: 101, Seed: 2)).Train;
        positives = positives.Select([.. Enumerable.Range(0, positives.Count).Where(r => positives.Labels[r] == 1)]);
        var paired = ShuffledNegatives.AddTo(positives, 5);
        var (fit, validation) = RealDataRecipe.Split(paired, paired: true, 7);
        Assert.Equal(paired.Count, fit.Count + validation.Count);
        Assert.Equal(validation.Count / 2, validation.Positives);
        // Row ids: positive r and its shuffle r + n are together.
        int n = positives.Count;
        var held = validation.RowIds.ToHashSet();
        Assert.All(Enumerable.Range(0, n), r => Assert.Equal(held.Contains(r), held.Contains(r + n)));
    }

    [Fact]
    public void TheTestSetDecidesNothing()
    {
        torch.set_num_threads(2);
        var train = WriteSeq("AC.seq", 700, positivesOnly: true, seed: 11);
        var test = WriteSeq("B.seq", 100, positivesOnly: false, seed: 12);
        var flipped = WriteSeq("B_flipped.seq", 100, positivesOnly: false, seed: 12, flipLabels: true);
        var options = new TrainingOptions { Seed = 3, Epochs = 3, MaxShift = -1 };
        var runs = new[] { test, flipped }.Select((t, i) =>
            Assert.Single(TrainingRun.Run(new TrainRequest([], train, t, Path.Combine(dir.FullName, $"run{i}"), options, SearchTrials: 2), TextWriter.Null))).ToList();
        // The same search results and the same weights, whatever the test file says; only its report differs.
        Assert.Equal(runs[0].Search!.Select(t => (t.Parameters, t.ValidationAuroc)), runs[1].Search!.Select(t => (t.Parameters, t.ValidationAuroc)));
        var (a, b) = (WindowNetwork.TryRead(File.ReadAllBytes(runs[0].OnnxPath!))!, WindowNetwork.TryRead(File.ReadAllBytes(runs[1].OnnxPath!))!);
        Assert.Equal(((ConvStep)a.Steps[0]).Weight, ((ConvStep)b.Steps[0]).Weight);
        Assert.Equal(a.Hidden!.Weight, b.Hidden!.Weight);
        Assert.Equal(1, runs[0].TestMetrics.Auroc + runs[1].TestMetrics.Auroc, 6);
    }
}
