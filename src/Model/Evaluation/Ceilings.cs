using GenomeScan.Formats.Datasets;
using GenomeScan.Formats.Motifs;
using GenomeScan.Formats.Sequences;

namespace GenomeScan.Model.Evaluation;

/// <summary>
/// The accuracy ceilings the exercise's generator sets, by Monte Carlo on freshly simulated data:
/// <list type="bullet">
/// <item><see cref="BayesOptimal"/>: the motif's log-likelihood ratio against uniform at its known
/// centre, positive calls above 0 (equal priors) — no classifier can beat it.</item>
/// <item><see cref="PositionInvariant"/>: the maximum PWM log-odds over all offsets (the trained strand),
/// at the best threshold — what a convolution followed by a global max (v1, v2) can at best reach.</item>
/// </list>
/// </summary>
internal sealed record Ceilings(double BayesOptimal, double PositionInvariant, int Samples)
{
    public static Ceilings Compute(Motif motif, int length, int samples = 200_000, ulong seed = 12345)
    {
        var (a, b) = MotifDatasetSimulator.Simulate(motif, new SimulationOptions(samples, length, seed));
        var logOdds = motif.LogOdds([0.25, 0.25, 0.25, 0.25], floor: 1e-12);
        int centre = (length - motif.Length) / 2;
        int correctBayes = 0;
        var best = new List<(double Score, byte Label)>(samples);
        foreach (var data in new[] { a, b })
            for (int r = 0; r < data.Count; r++)
            {
                var row = data.Row(r);
                double atCentre = Score(row, centre, logOdds, motif.Length);
                if ((atCentre > 0) == (data.Labels[r] == 1))
                    correctBayes++;
                double max = double.NegativeInfinity;
                for (int offset = 0; offset + motif.Length <= length; offset++)
                    max = Math.Max(max, Score(row, offset, logOdds, motif.Length));
                best.Add((max, data.Labels[r]));
            }
        return new Ceilings(correctBayes / (double)samples, BestThresholdAccuracy(best), samples);
    }

    static double Score(ReadOnlySpan<byte> row, int offset, double[,] logOdds, int width)
    {
        double sum = 0;
        for (int i = 0; i < width; i++)
            sum += row[offset + i] < Alphabet.Size ? logOdds[i, row[offset + i]] : 0;
        return sum;
    }

    /// <summary>Accuracy of "positive when score &gt; t" at the best t, sweeping every cut between sorted scores.</summary>
    static double BestThresholdAccuracy(List<(double Score, byte Label)> items)
    {
        items.Sort((x, y) => x.Score.CompareTo(y.Score));
        int positives = items.Count(i => i.Label == 1);
        // Cut below everything: all called positive.
        int correct = positives, bestCorrect = correct;
        for (int i = 0; i < items.Count; i++)
        {
            correct += items[i].Label == 1 ? -1 : 1;
            if (i + 1 < items.Count && items[i + 1].Score == items[i].Score)
                continue;
            bestCorrect = Math.Max(bestCorrect, correct);
        }
        return bestCorrect / (double)items.Count;
    }
}
