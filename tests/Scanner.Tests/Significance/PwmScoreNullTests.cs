using GenomeScan.Formats.Motifs;

namespace GenomeScan.Scanner.Tests.Significance;

public class PwmScoreNullTests
{
    static readonly Motif Small = MotifReader.Parse(">small\n8 1 1 0\n0 0 9 1\n2 3 2 3\n", "small.pcm")[0];
    static readonly BaseComposition Background = new(0.3, 0.2, 0.2, 0.3);

    [Fact]
    public void PValuesAreExactOverEveryBackgroundWindow()
    {
        var pwm = new PwmScoreNull(Small, Background);
        // All 64 windows with their background probabilities.
        var windows = new List<(int Score, double Probability)>();
        for (int code = 0; code < 64; code++)
        {
            int a = code / 16, b = code / 4 % 4, c = code % 4;
            windows.Add((pwm.Weights[0, a] + pwm.Weights[1, b] + pwm.Weights[2, c], Background[a] * Background[b] * Background[c]));
        }
        foreach (var (score, _) in windows)
        {
            double expected = windows.Where(w => w.Score >= score).Sum(w => w.Probability);
            Assert.Equal(expected, pwm.PValue(PwmScoreNull.Bits(score)), 12);
        }
        foreach (var alpha in new[] { 0.001, 0.01, 0.05, 0.2, 0.7 })
        {
            float t = pwm.ThresholdFor(alpha);
            foreach (var (score, _) in windows)
                Assert.Equal(pwm.PValue(PwmScoreNull.Bits(score)) < alpha, PwmScoreNull.Bits(score) > t);
        }
        Assert.Equal(pwm.MaxScore, windows.Max(w => w.Score));
        Assert.Equal(pwm.MinScore, windows.Min(w => w.Score));
    }
}
