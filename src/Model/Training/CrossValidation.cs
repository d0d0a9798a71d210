using System.Globalization;
using GenomeScan.Formats.Datasets;
using GenomeScan.Model.Architectures;
using GenomeScan.Model.Evaluation;

namespace GenomeScan.Model.Training;

/// <summary>Mean ± sd over folds, and the mean learning curve with its 95% band.</summary>
internal sealed record CrossValidationSummary(int Folds, double MeanValidationAccuracy, double SdValidationAccuracy,
    double MeanTestAccuracy, double SdTestAccuracy, ClassifierMetrics MeanTestMetrics, IReadOnlyList<EpochReport> MeanHistory,
    Band AccuracyBand, Band LossBand, IReadOnlyList<EpochSpread> Epochs, IReadOnlyList<FoldResult> FoldResults);

/// <summary>A 95% confidence band per epoch: lower and upper bounds.</summary>
internal sealed record Band(double[] Lower, double[] Upper);

/// <summary>The spread of the folds' validation curves at one epoch.</summary>
internal sealed record EpochSpread(int Epoch, double LossSd, double AccuracySd);

/// <summary>One fold's model: its held-out fold's final accuracy and loss, and its test-file accuracy and AUROC.</summary>
internal sealed record FoldResult(int Fold, double ValidationAccuracy, double ValidationLoss, double TestAccuracy, double TestAuroc);

/// <summary>
/// Stratified k-fold cross-validation on the training file, as the exercise's notes ask ("plot with accuracy:
/// meaningless without cross-validation"). Each fold's model trains on the other k − 1 folds with the same
/// options and seed + fold; its validation curve is on the held-out fold, and it is also scored on the
/// test file. The band is the 95% confidence interval of the mean curve (Student's t, k − 1 degrees of
/// freedom). Returns the curves and folds; <see cref="Reports.CrossValidationReport"/> writes them.
/// </summary>
internal static class CrossValidation
{
    public static CrossValidationSummary Run(Architecture arch, LabelledDataset train, LabelledDataset test,
        TrainingOptions options, int folds, TextWriter log)
    {
        var assignment = AssignFolds(train, folds, new SeededRandom(options.Seed ^ 0xC0FFEEUL));
        var histories = new List<IReadOnlyList<EpochReport>>();
        var testMetrics = new List<ClassifierMetrics>();
        for (int fold = 0; fold < folds; fold++)
        {
            var fitRows = Enumerable.Range(0, train.Count).Where(r => assignment[r] != fold).ToArray();
            var heldRows = Enumerable.Range(0, train.Count).Where(r => assignment[r] == fold).ToArray();
            var foldOptions = options with { Seed = options.Seed + (ulong)fold };
            using var result = Trainer.Train(arch, train.Select(fitRows), train.Select(heldRows), foldOptions,
                r => log.WriteLine($"fold {fold + 1}/{folds} " + TrainingRun.EpochLine(arch.Name, r, options.Epochs)));
            histories.Add(result.History);
            testMetrics.Add(ClassifierMetrics.Compute(Trainer.Predict(result.Net, test, options.BothStrands), test.Labels));
        }

        int epochs = histories.Min(h => h.Count);
        var meanHistory = new List<EpochReport>();
        var accLow = new double[epochs]; var accHigh = new double[epochs];
        var lossLow = new double[epochs]; var lossHigh = new double[epochs];
        var spread = new List<EpochSpread>();
        double t = StudentT975(folds - 1);
        for (int e = 0; e < epochs; e++)
        {
            var acc = histories.Select(h => h[e].ValidationAccuracy).ToArray();
            var loss = histories.Select(h => h[e].ValidationLoss).ToArray();
            var (accMean, accSd) = MeanSd(acc);
            var (lossMean, lossSd) = MeanSd(loss);
            double accHalf = t * accSd / Math.Sqrt(folds), lossHalf = t * lossSd / Math.Sqrt(folds);
            (accLow[e], accHigh[e]) = (accMean - accHalf, accMean + accHalf);
            (lossLow[e], lossHigh[e]) = (lossMean - lossHalf, lossMean + lossHalf);
            meanHistory.Add(new EpochReport(e + 1, histories.Average(h => h[e].Seconds), histories[0][e].LearningRate,
                histories.Average(h => h[e].Loss), histories.Average(h => h[e].Accuracy), lossMean, accMean));
            spread.Add(new EpochSpread(e + 1, lossSd, accSd));
        }
        var foldResults = Enumerable.Range(0, folds).Select(f => new FoldResult(f + 1, histories[f][^1].ValidationAccuracy, histories[f][^1].ValidationLoss,
            testMetrics[f].Accuracy, testMetrics[f].Auroc)).ToList();
        var accuracyBand = new Band(accLow, accHigh);
        var lossBand = new Band(lossLow, lossHigh);

        var (valMean, valSd) = MeanSd(histories.Select(h => h[^1].ValidationAccuracy).ToArray());
        var (testMean, testSd) = MeanSd(testMetrics.Select(m => m.Accuracy).ToArray());
        var mean = new ClassifierMetrics(test.Count, testMean, testMetrics.Average(m => m.Auroc), testMetrics.Average(m => m.Auprc),
            testMetrics.Average(m => m.LogLoss), 0, 0, 0, 0);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{arch.Name}: {folds}-fold validation accuracy {valMean:F4} ± {valSd:F4} (sd); fold models on the test file {testMean:F4} ± {testSd:F4}"));
        return new CrossValidationSummary(folds, valMean, valSd, testMean, testSd, mean, meanHistory, accuracyBand, lossBand, spread, foldResults);
    }

    /// <summary>Fold of each row: each class is shuffled and dealt round-robin, so folds keep the class balance.</summary>
    public static int[] AssignFolds(LabelledDataset data, int folds, SeededRandom rng)
    {
        var assignment = new int[data.Count];
        foreach (byte label in new byte[] { 0, 1 })
        {
            var rows = Enumerable.Range(0, data.Count).Where(r => data.Labels[r] == label).ToArray();
            rng.Shuffle(rows.AsSpan());
            for (int i = 0; i < rows.Length; i++)
                assignment[rows[i]] = i % folds;
        }
        return assignment;
    }

    public static (double Mean, double Sd) MeanSd(double[] values)
    {
        double mean = values.Average();
        double sd = values.Length > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1)) : 0;
        return (mean, sd);
    }

    /// <summary>The 97.5% quantile of Student's t with <paramref name="df"/> degrees of freedom.</summary>
    public static double StudentT975(int df) => df switch
    {
        <= 0 => double.NaN,
        1 => 12.706, 2 => 4.303, 3 => 3.182, 4 => 2.776, 5 => 2.571, 6 => 2.447, 7 => 2.365, 8 => 2.306, 9 => 2.262,
        10 => 2.228, 11 => 2.201, 12 => 2.179, 13 => 2.160, 14 => 2.145, 15 => 2.131, 16 => 2.120, 17 => 2.110, 18 => 2.101,
        19 => 2.093, 20 => 2.086, <= 25 => 2.06, <= 30 => 2.042, <= 60 => 2.0, _ => 1.96,
    };
}
