using GenomeScan.Formats.Datasets;
using GenomeScan.Formats.Motifs;
using GenomeScan.Formats.Sequences;

namespace GenomeScan.Model.Evaluation;

/// <summary>A matrix's ranking of the same sequences: AUROC and AUPRC of its best placement's log-odds.</summary>
internal sealed record MatrixResult(string Motif, int Width, double Auroc, double Auprc);

/// <summary>
/// The PWM baseline <c>evaluate --motif</c> puts beside a model: each sequence scores the best log-odds
/// (natural log, against a uniform background, pseudocount 0.01 per base) of any placement of the matrix
/// inside it, on either strand; an unknown base adds 0. Only ranks matter, so AUROC and AUPRC are reported.
/// </summary>
internal static class MatrixBaseline
{
    const double Pseudocount = 0.01;

    /// <summary>Every motif's ranking of <paramref name="data"/>, best AUROC first (ties: file order).</summary>
    public static IReadOnlyList<MatrixResult> Evaluate(IReadOnlyList<Motif> motifs, LabelledDataset data)
    {
        var results = new MatrixResult[motifs.Count];
        Parallel.For(0, motifs.Count, i =>
        {
            var scores = Scores(motifs[i], data);
            var (auroc, auprc) = ClassifierMetrics.RankMetrics(scores, data.Labels);
            results[i] = new MatrixResult(motifs[i].Name, motifs[i].Length, auroc, auprc);
        });
        return [.. results.Select((r, i) => (r, i)).OrderByDescending(x => x.r.Auroc).ThenBy(x => x.i).Select(x => x.r)];
    }

    /// <summary>Each row's best placement score over both strands (a matrix wider than the rows: every row 0).</summary>
    public static float[] Scores(Motif motif, LabelledDataset data)
    {
        int width = motif.Length;
        // Log-odds with an unknown base's row of zeros; the reverse strand reads the complement backwards.
        var forward = new double[width * (Alphabet.Size + 1)];
        var reverse = new double[width * (Alphabet.Size + 1)];
        for (int i = 0; i < width; i++)
            for (int b = 0; b < Alphabet.Size; b++)
            {
                double w = Math.Log((motif.Probability(i, b) + Pseudocount) / (1 + Alphabet.Size * Pseudocount) / 0.25);
                forward[i * (Alphabet.Size + 1) + b] = w;
                reverse[(width - 1 - i) * (Alphabet.Size + 1) + Alphabet.Size - 1 - b] = w;
            }
        var scores = new float[data.Count];
        for (int r = 0; r < data.Count; r++)
        {
            var row = data.Row(r);
            double best = double.NegativeInfinity;
            for (int s = 0; s + width <= row.Length; s++)
            {
                double f = 0, v = 0;
                for (int i = 0; i < width; i++)
                {
                    int code = Math.Min((int)row[s + i], Alphabet.Size);
                    f += forward[i * (Alphabet.Size + 1) + code];
                    v += reverse[i * (Alphabet.Size + 1) + code];
                }
                best = Math.Max(best, Math.Max(f, v));
            }
            scores[r] = double.IsNegativeInfinity(best) ? 0 : (float)best;
        }
        return scores;
    }
}
