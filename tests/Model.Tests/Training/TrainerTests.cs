using GenomeScan.Formats.Datasets;
using GenomeScan.Formats.Motifs;
using GenomeScan.Model.Architectures;
using GenomeScan.Model.Evaluation;
using GenomeScan.Model.Training;
using TorchSharp;

namespace GenomeScan.Model.Tests.Training;

[Collection(GenomeScan.Tests.TorchTests.Name)]
public class TrainerTests
{
    static readonly (LabelledDataset Train, LabelledDataset Test) Data =
        MotifDatasetSimulator.Simulate(MotifReader.BuiltIn(), new SimulationOptions(Seed: 21));

    [Fact]
    public void ShortFixedSeedRunOfV2BeatsChanceByAWideMargin()
    {
        torch.set_num_threads(2);
        using var result = Trainer.Train(V2.Spec, Data.Train, Data.Test, new TrainingOptions { Epochs = 3, Seed = 1 });
        Assert.Equal(3, result.History.Count);
        var metrics = ClassifierMetrics.Compute(Trainer.Predict(result.Net, Data.Test), Data.Test.Labels);
        Assert.True(metrics.Accuracy > 0.75, $"accuracy {metrics.Accuracy}");
        Assert.Equal(metrics.Accuracy, result.History[^1].ValidationAccuracy, 12);
    }

    [Fact]
    public void SameSeedAndDataGiveTheSameMetrics()
    {
        torch.set_num_threads(2);
        var small = Data.Train.Select(Enumerable.Range(0, 2000).ToArray());
        var options = new TrainingOptions { Epochs = 2, Seed = 4, ClassWeight = ClassWeighting.Balanced };
        using var a = Trainer.Train(V3.Spec, small, Data.Test, options);
        using var b = Trainer.Train(V3.Spec, small, Data.Test, options);
        Assert.Equal(a.History.Select(h => (h.Loss, h.ValidationLoss)), b.History.Select(h => (h.Loss, h.ValidationLoss)));
        using var c = Trainer.Train(V3.Spec, small, Data.Test, options with { Seed = 5 });
        Assert.NotEqual(a.History[^1].ValidationLoss, c.History[^1].ValidationLoss);
    }

    [Fact]
    public void TunedRecipeStopsEarlyAndKeepsTheBestHeldOutEpoch()
    {
        torch.set_num_threads(2);
        // 300 sequences and no dropout: v3 overfits within a few epochs, so early stopping must trigger.
        var small = Data.Train.Select(Enumerable.Range(0, 300).ToArray());
        var options = new TrainingOptions { Epochs = 60, Seed = 2, Recipe = TrainingRecipe.Tuned, Patience = 3, LearningRate = 1e-2, Dropout = 0 };
        using var result = Trainer.Train(V3.Spec, small, Data.Test, options);
        Assert.All(result.History, h => Assert.NotNull(h.HoldOutLoss));
        var best = result.History.MinBy(h => h.HoldOutLoss!.Value)!;
        Assert.Equal(best.Epoch, result.BestEpoch);
        Assert.True(result.History.Count < 60, $"ran all {result.History.Count} epochs");
        Assert.Equal(options.Patience, result.History.Count - result.BestEpoch);
        // The restored weights are the best epoch's: the held-out loss recomputed now is that epoch's.
        var holdOutLossNow = result.History[result.BestEpoch - 1].ValidationLoss;
        var metrics = ClassifierMetrics.Compute(Trainer.Predict(result.Net, Data.Test), Data.Test.Labels);
        Assert.Equal(holdOutLossNow, metrics.LogLoss, 4);
        // The learning rate decays.
        Assert.True(result.History[^1].LearningRate < result.History[0].LearningRate);
    }

    [Fact]
    public void FoldsKeepTheClassBalance()
    {
        var folds = CrossValidation.AssignFolds(Data.Train, 5, new SeededRandom(1));
        for (int f = 0; f < 5; f++)
        {
            var rows = Enumerable.Range(0, Data.Train.Count).Where(r => folds[r] == f).ToArray();
            Assert.Equal(2000, rows.Length);
            Assert.Equal(1000, rows.Count(r => Data.Train.Labels[r] == 1));
        }
    }

    [Fact]
    public void BothStrandsTrainingScoresASequenceAndItsReverseComplementAlike()
    {
        torch.set_num_threads(2);
        var small = Data.Train.Select(Enumerable.Range(0, 1000).ToArray());
        using var result = Trainer.Train(V2.Spec, small, Data.Test.Select(Enumerable.Range(0, 300).ToArray()),
            new TrainingOptions { Epochs = 2, Seed = 4, BothStrands = true });
        var rows = Enumerable.Range(0, 300).ToArray();
        var test = Data.Test.Select(rows);
        var codes = new byte[test.Codes.Length];
        for (int r = 0; r < test.Count; r++)
            for (int i = 0; i < test.Length; i++)
                codes[r * test.Length + i] = GenomeScan.Formats.Sequences.Alphabet.Complement(test.Codes[r * test.Length + test.Length - 1 - i]);
        var reversed = new LabelledDataset(test.Length, codes, test.Labels, test.RowIds);
        var forward = Trainer.Predict(result.Net, test, bothStrands: true);
        Assert.Equal(forward, Trainer.Predict(result.Net, reversed, bothStrands: true));
        // The larger of the two strands: never below the given strand's own score.
        var given = Trainer.Predict(result.Net, test);
        Assert.All(Enumerable.Range(0, given.Length), i => Assert.True(forward[i] >= given[i]));
        Assert.Contains(Enumerable.Range(0, given.Length), i => forward[i] > given[i]);
    }
}
