using GenomeScan.Formats.Datasets;
using GenomeScan.Formats.Motifs;
using GenomeScan.Formats.Sequences;
using GenomeScan.Scanner.Network;

namespace GenomeScan.Model.Interpretation;

/// <summary>A motif compared with a filter: the best alignment, as Tomtom reports it.</summary>
internal sealed record MotifMatch(string Motif, int Offset, char Strand, int Overlap, double Correlation, double PValue);

/// <summary>One first-layer filter read as a motif.</summary>
internal sealed record FilterMotif(
    int Index, float[,] Weights, double[,] Frequencies, int Sites, double MaxActivation, bool Dead,
    double InformationContent, string Consensus, MotifMatch? BestMatch);

/// <summary>The filters of a model, with pairs of filters whose weights are highly correlated.</summary>
internal sealed record FilterReport(string Model, int Sequences, IReadOnlyList<FilterMotif> Filters, IReadOnlyList<(int A, int B, double Correlation)> CorrelatedPairs);

/// <summary>
/// First-layer filters as motifs, as DeepBind and Basset read them: each filter's position frequency
/// matrix is built from the subsequences (of the filter's width) whose activation reaches half the
/// filter's maximum over the data; a filter never active (activation ≤ 0 everywhere) is dead. Each filter
/// is compared with motifs (Pearson correlation of aligned columns, both strands, every offset with at
/// least half the shorter one overlapping; an empirical p-value from the filter's columns shuffled).
/// </summary>
internal static class FilterAnalysis
{
    public const double ActivationFraction = 0.5;
    public const double CorrelatedAbove = 0.9;

    public static FilterReport Analyse(byte[] onnxModel, string modelName, LabelledDataset data, IReadOnlyList<Motif> motifs, int shuffles = 1000, ulong seed = 1)
    {
        var network = WindowNetwork.TryRead(onnxModel)
            ?? throw new Formats.InputException($"{modelName}: not a convolutional window model of the exercise's family (no first-layer filters to read)");
        var conv = (ConvStep)network.Steps[0];
        int filters = (int)conv.Filters, k = (int)conv.Kernel;
        if (conv.Channels != Alphabet.Size)
            throw new Formats.InputException($"{modelName}: the first layer does not read one-hot bases");

        // Activations of every filter at every position of every sequence (relu(conv)).
        int positions = data.Length - k + 1;
        var max = new double[filters];
        var activations = new float[data.Count * positions * filters];
        for (int r = 0; r < data.Count; r++)
        {
            var row = data.Row(r);
            for (int t = 0; t < positions; t++)
                for (int f = 0; f < filters; f++)
                {
                    float sum = conv.Bias[f];
                    for (int j = 0; j < k; j++)
                        if (row[t + j] < Alphabet.Size)
                            sum += conv.Weight[(f * Alphabet.Size + row[t + j]) * k + j];
                    float a = Math.Max(sum, 0);
                    activations[(r * positions + t) * filters + f] = a;
                    max[f] = Math.Max(max[f], a);
                }
        }
        var rng = new SeededRandom(seed);
        var result = new List<FilterMotif>();
        for (int f = 0; f < filters; f++)
        {
            var counts = new double[k, Alphabet.Size];
            int sites = 0;
            if (max[f] > 0)
                for (int r = 0; r < data.Count; r++)
                {
                    var row = data.Row(r);
                    for (int t = 0; t < positions; t++)
                        if (activations[(r * positions + t) * filters + f] >= ActivationFraction * max[f])
                        {
                            sites++;
                            for (int j = 0; j < k; j++)
                                if (row[t + j] < Alphabet.Size)
                                    counts[j, row[t + j]]++;
                        }
                }
            var frequencies = Normalise(counts);
            var weights = new float[k, Alphabet.Size];
            for (int j = 0; j < k; j++)
                for (int b = 0; b < Alphabet.Size; b++)
                    weights[j, b] = conv.Weight[(f * Alphabet.Size + b) * k + j];
            var best = max[f] > 0 ? motifs.Select(m => Compare(frequencies, m, shuffles, rng)).MaxBy(m => m.Correlation) : null;
            result.Add(new FilterMotif(f, weights, frequencies, sites, max[f], max[f] <= 0, InformationContent(frequencies), Consensus(frequencies), best));
        }
        return new FilterReport(modelName, data.Count, result, CorrelatedPairs(conv, filters, k));
    }

    static double[,] Normalise(double[,] counts)
    {
        int k = counts.GetLength(0);
        var result = new double[k, Alphabet.Size];
        for (int j = 0; j < k; j++)
        {
            // A pseudocount of 0.25 per base keeps empty columns uniform and logs finite.
            double total = 1;
            for (int b = 0; b < Alphabet.Size; b++)
                total += counts[j, b];
            for (int b = 0; b < Alphabet.Size; b++)
                result[j, b] = (counts[j, b] + 0.25) / total;
        }
        return result;
    }

    public static double InformationContent(double[,] frequencies)
    {
        double bits = 0;
        for (int j = 0; j < frequencies.GetLength(0); j++)
        {
            bits += 2;
            for (int b = 0; b < Alphabet.Size; b++)
                if (frequencies[j, b] > 0)
                    bits += frequencies[j, b] * Math.Log2(frequencies[j, b]);
        }
        return bits;
    }

    static string Consensus(double[,] frequencies) =>
        new(Enumerable.Range(0, frequencies.GetLength(0)).Select(j =>
        {
            int best = 0;
            for (int b = 1; b < Alphabet.Size; b++)
                if (frequencies[j, b] > frequencies[j, best])
                    best = b;
            return frequencies[j, best] >= 0.5 ? Alphabet.Letters[best] : char.ToLowerInvariant(Alphabet.Letters[best]);
        }).ToArray());

    /// <summary>The best alignment of a filter's matrix with a motif, and its empirical p-value from shuffled filter columns.</summary>
    public static MotifMatch Compare(double[,] filter, Motif motif, int shuffles, SeededRandom rng)
    {
        var forward = motif.Probabilities;
        var reverse = ReverseComplement(forward);
        var (correlation, offset, strand, overlap) = BestAlignment(filter, forward, reverse);
        int k = filter.GetLength(0);
        var columns = Enumerable.Range(0, k).ToArray();
        int atLeast = 0;
        for (int s = 0; s < shuffles; s++)
        {
            rng.Shuffle(columns.AsSpan());
            var shuffled = new double[k, Alphabet.Size];
            for (int j = 0; j < k; j++)
                for (int b = 0; b < Alphabet.Size; b++)
                    shuffled[j, b] = filter[columns[j], b];
            if (BestAlignment(shuffled, forward, reverse).Correlation >= correlation)
                atLeast++;
        }
        return new MotifMatch(motif.Name, offset, strand, overlap, correlation, (1.0 + atLeast) / (shuffles + 1.0));
    }

    static double[,] ReverseComplement(double[,] m)
    {
        int w = m.GetLength(0);
        var r = new double[w, Alphabet.Size];
        for (int j = 0; j < w; j++)
            for (int b = 0; b < Alphabet.Size; b++)
                r[w - 1 - j, Alphabet.Size - 1 - b] = m[j, b];
        return r;
    }

    /// <summary>
    /// Offset = the motif column facing the filter's first column (negative: the filter starts before the
    /// motif); the correlation is Pearson's over the overlapping columns' 4 × overlap values.
    /// </summary>
    static (double Correlation, int Offset, char Strand, int Overlap) BestAlignment(double[,] filter, double[,] forward, double[,] reverse)
    {
        int k = filter.GetLength(0), w = forward.GetLength(0);
        int minOverlap = Math.Max(1, (Math.Min(k, w) + 1) / 2);
        var best = (Correlation: double.NegativeInfinity, Offset: 0, Strand: '+', Overlap: 0);
        foreach (var (motif, strand) in new[] { (forward, '+'), (reverse, '-') })
            for (int offset = -(k - minOverlap); offset <= w - minOverlap; offset++)
            {
                int from = Math.Max(0, -offset), to = Math.Min(k, w - offset);
                int overlap = to - from;
                if (overlap < minOverlap)
                    continue;
                double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
                int n = overlap * Alphabet.Size;
                for (int j = from; j < to; j++)
                    for (int b = 0; b < Alphabet.Size; b++)
                    {
                        double x = filter[j, b], y = motif[j + offset, b];
                        sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y;
                    }
                double cov = sxy - sx * sy / n, vx = sxx - sx * sx / n, vy = syy - sy * sy / n;
                double r = vx > 0 && vy > 0 ? cov / Math.Sqrt(vx * vy) : 0;
                if (r > best.Correlation)
                    best = (r, offset, strand, overlap);
            }
        return best;
    }

    static List<(int, int, double)> CorrelatedPairs(ConvStep conv, int filters, int k)
    {
        int size = Alphabet.Size * k;
        var pairs = new List<(int, int, double)>();
        for (int a = 0; a < filters; a++)
            for (int b = a + 1; b < filters; b++)
            {
                double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
                for (int i = 0; i < size; i++)
                {
                    double x = conv.Weight[a * size + i], y = conv.Weight[b * size + i];
                    sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y;
                }
                double cov = sxy - sx * sy / size, vx = sxx - sx * sx / size, vy = syy - sy * sy / size;
                double r = vx > 0 && vy > 0 ? cov / Math.Sqrt(vx * vy) : 0;
                if (r > CorrelatedAbove)
                    pairs.Add((a, b, r));
            }
        return pairs;
    }
}
