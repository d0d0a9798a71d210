using GenomeScan.Formats.Motifs;
using GenomeScan.Model.Evaluation;

namespace GenomeScan.Model.Tests.Evaluation;

public class ClassifierMetricsTests
{
    [Fact]
    public void MatchesHandComputedValues()
    {
        float[] p = [0.9f, 0.8f, 0.7f, 0.3f, 0.2f, 0.6f];
        byte[] y = [1, 1, 0, 1, 0, 0];
        var m = ClassifierMetrics.Compute(p, y);
        // Calls at 0.5: 0.9 TP, 0.8 TP, 0.7 FP, 0.3 FN, 0.2 TN, 0.6 FP.
        Assert.Equal((2, 2, 1, 1), (m.TruePositives, m.FalsePositives, m.TrueNegatives, m.FalseNegatives));
        Assert.Equal(3 / 6.0, m.Accuracy, 12);
        // Pairs (pos, neg) ranked right: 0.9 beats 3, 0.8 beats 3, 0.3 beats 1 (0.2) → 7 of 9.
        Assert.Equal(7 / 9.0, m.Auroc, 12);
        // Ranked: 0.9+ 0.8+ 0.7- 0.6- 0.3+ 0.2-: AP = (1 + 1 + 3/5) / 3.
        Assert.Equal((1 + 1 + 0.6) / 3, m.Auprc, 12);
        double expectedLoss = -(Math.Log(0.9) + Math.Log(0.8) + Math.Log(0.3) + Math.Log(0.3) + Math.Log(0.8) + Math.Log(0.4)) / 6;
        Assert.Equal(expectedLoss, m.LogLoss, 6);
    }

    [Fact]
    public void TiesCountHalfInTheAuroc()
    {
        var m = ClassifierMetrics.Compute([0.5f, 0.5f], [1, 0]);
        Assert.Equal(0.5, m.Auroc, 12);
    }

    [Fact]
    public void CeilingsOfTheFoxo1GeneratorAreTheDocumentedOnes()
    {
        var c = Ceilings.Compute(MotifReader.BuiltIn(), 100, samples: 200_000);
        // The Monte Carlo values; the standard error at 200,000 samples is under 0.001.
        Assert.InRange(c.BayesOptimal, 0.974, 0.984);
        Assert.InRange(c.PositionInvariant, 0.839, 0.849);
    }
}
