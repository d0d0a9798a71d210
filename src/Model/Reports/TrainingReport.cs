using System.Globalization;
using System.Text;
using GenomeScan.Model.Training;

namespace GenomeScan.Model.Reports;

/// <summary>Learning reports and the model comparison as CSV and Markdown (byte-identical for the same run: no timings).</summary>
internal static class TrainingReport
{
    static string F(double v) => v.ToString("F6", CultureInfo.InvariantCulture);

    public static void WriteCsv(string path, IReadOnlyList<EpochReport> history)
    {
        var text = new StringBuilder("epoch,learning_rate,loss,acc,val_loss,val_acc,holdout_loss,holdout_acc\n");
        foreach (var r in history)
            text.Append(CultureInfo.InvariantCulture, $"{r.Epoch},{r.LearningRate:G6},{F(r.Loss)},{F(r.Accuracy)},{F(r.ValidationLoss)},{F(r.ValidationAccuracy)},{(r.HoldOutLoss is { } hl ? F(hl) : "")},{(r.HoldOutAccuracy is { } ha ? F(ha) : "")}\n");
        File.WriteAllText(path, text.ToString());
    }

    /// <summary>The exercise's final report: validation accuracy per model, beside the exercise's own numbers.</summary>
    public static readonly IReadOnlyDictionary<string, double> ExerciseValidationAccuracy = new Dictionary<string, double>
    {
        ["v1"] = 0.789, ["v2"] = 0.833, ["v3"] = 0.874, ["v4"] = 0.911, ["v5"] = 0.927,
    };

    /// <summary>
    /// Everything a training run shows: per architecture the learning curve (<c>ARCH_learning.csv</c>,
    /// <c>ARCH_learning.png</c>) or its cross-validation (<c>ARCH_cv.csv</c>, <c>ARCH_cv_folds.csv</c>,
    /// <c>ARCH_cv.png</c>); with several architectures, the comparison (<c>comparison.md</c>, <c>.csv</c>, <c>.png</c>).
    /// </summary>
    public static void Write(string directory, IReadOnlyList<ArchitectureOutcome> outcomes)
    {
        foreach (var o in outcomes)
        {
            if (o.CrossValidation is { } cv)
                CrossValidationReport.Write(directory, o.Architecture.Name, cv);
            else
            {
                WriteCsv(Path.Combine(directory, $"{o.Architecture.Name}_learning.csv"), o.History);
                LearningPlots.SaveLearningReport(Path.Combine(directory, $"{o.Architecture.Name}_learning.png"), o.Architecture.Name, o.History);
            }
        }
        if (outcomes.Count > 1)
            WriteComparison(directory, outcomes);
    }

    public static void WriteComparison(string directory, IReadOnlyList<ArchitectureOutcome> outcomes)
    {
        var csv = new StringBuilder("arch,parameters,epochs,val_acc,auroc,auprc,logloss,exercise_val_acc\n");
        var md = new StringBuilder("| arch | layers | params | epochs | test accuracy | AUROC | AUPRC | log loss | the exercise's accuracy |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var o in outcomes)
        {
            var m = o.TestMetrics;
            var exercise = ExerciseValidationAccuracy.TryGetValue(o.Architecture.Name, out var s) ? s.ToString("F3", CultureInfo.InvariantCulture) : "";
            csv.Append(CultureInfo.InvariantCulture, $"{o.Architecture.Name},{o.Architecture.ParameterCount()},{o.History.Count},{F(m.Accuracy)},{F(m.Auroc)},{F(m.Auprc)},{F(m.LogLoss)},{exercise}\n");
            md.Append(CultureInfo.InvariantCulture, $"| {o.Architecture.Name} | {o.Architecture.Description} | {o.Architecture.ParameterCount():N0} | {o.History.Count} | {m.Accuracy:F4} | {m.Auroc:F4} | {m.Auprc:F4} | {m.LogLoss:F4} | {(exercise.Length > 0 ? exercise : "—")} |\n");
        }
        File.WriteAllText(Path.Combine(directory, "comparison.csv"), csv.ToString());
        File.WriteAllText(Path.Combine(directory, "comparison.md"), md.ToString());
        LearningPlots.SaveComparison(Path.Combine(directory, "comparison.png"), outcomes.Select(o => (o.Architecture.Name, o.History)).ToList());
    }
}
