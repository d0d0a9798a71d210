using System.Globalization;
using System.Text;
using GenomeScan.Model.Training;

namespace GenomeScan.Model.Reports;

/// <summary>A cross-validation as files: <c>ARCH_cv.csv</c> (per epoch), <c>ARCH_cv_folds.csv</c> (per fold) and <c>ARCH_cv.png</c> (curves with the band).</summary>
internal static class CrossValidationReport
{
    public static void Write(string directory, string arch, CrossValidationSummary cv)
    {
        var perEpoch = new StringBuilder("epoch,loss_mean,acc_mean,val_loss_mean,val_loss_sd,val_loss_lo95,val_loss_hi95,val_acc_mean,val_acc_sd,val_acc_lo95,val_acc_hi95\n");
        for (int e = 0; e < cv.MeanHistory.Count; e++)
        {
            var mean = cv.MeanHistory[e];
            var spread = cv.Epochs[e];
            perEpoch.Append(CultureInfo.InvariantCulture,
                $"{e + 1},{mean.Loss:F6},{mean.Accuracy:F6},{mean.ValidationLoss:F6},{spread.LossSd:F6},{cv.LossBand.Lower[e]:F6},{cv.LossBand.Upper[e]:F6},{mean.ValidationAccuracy:F6},{spread.AccuracySd:F6},{cv.AccuracyBand.Lower[e]:F6},{cv.AccuracyBand.Upper[e]:F6}\n");
        }
        var perFold = new StringBuilder("fold,val_acc,val_loss,test_acc,test_auroc\n");
        foreach (var f in cv.FoldResults)
            perFold.Append(CultureInfo.InvariantCulture, $"{f.Fold},{f.ValidationAccuracy:F6},{f.ValidationLoss:F6},{f.TestAccuracy:F6},{f.TestAuroc:F6}\n");
        File.WriteAllText(Path.Combine(directory, $"{arch}_cv.csv"), perEpoch.ToString());
        File.WriteAllText(Path.Combine(directory, $"{arch}_cv_folds.csv"), perFold.ToString());
        LearningPlots.SaveLearningReport(Path.Combine(directory, $"{arch}_cv.png"), $"{arch}, {cv.Folds}-fold CV", cv.MeanHistory, cv.AccuracyBand, cv.LossBand);
    }
}
