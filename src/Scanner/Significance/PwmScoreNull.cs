using GenomeScan.Formats.Motifs;
using GenomeScan.Formats.Sequences;

namespace GenomeScan.Scanner.Significance;

/// <summary>
/// A position weight matrix scored as FIMO scores it: log2-odds of the motif's frequencies (with 0.1
/// pseudocounts spread by the background) against the background composition, on an integer grid of
/// 1/<see cref="Scale"/> bits so that the score distribution of background windows can be computed
/// exactly by dynamic programming (FIMO's method). A window's p-value is the exact probability that a
/// background window scores at least as high.
/// </summary>
internal sealed class PwmScoreNull : IScoreNull
{
    public const int Scale = 100;
    const double Pseudocount = 0.1;

    readonly int[] levels;    // distinct achievable scores, highest first (grid units)
    readonly double[] tail;   // P(score ≥ levels[k])

    public PwmScoreNull(Motif motif, BaseComposition background)
    {
        Motif = motif;
        Width = motif.Length;
        Weights = new int[Width, Alphabet.Size];
        for (int j = 0; j < Width; j++)
            for (int b = 0; b < Alphabet.Size; b++)
            {
                double p = (motif.Probability(j, b) + Pseudocount * background[b]) / (1 + Pseudocount);
                Weights[j, b] = (int)Math.Round(Math.Log2(p / background[b]) * Scale);
            }
        MinScore = Enumerable.Range(0, Width).Sum(j => Enumerable.Range(0, Alphabet.Size).Min(b => Weights[j, b]));
        MaxScore = Enumerable.Range(0, Width).Sum(j => Enumerable.Range(0, Alphabet.Size).Max(b => Weights[j, b]));

        // Distribution of the sum over positions of independent background bases.
        int span = MaxScore - MinScore;
        var mass = new double[span + 1];
        mass[0] = 1;
        int low = 0;
        for (int j = 0; j < Width; j++)
        {
            int columnMin = Enumerable.Range(0, Alphabet.Size).Min(b => Weights[j, b]);
            var next = new double[span + 1];
            for (int s = 0; s <= span; s++)
            {
                if (mass[s] == 0)
                    continue;
                for (int b = 0; b < Alphabet.Size; b++)
                {
                    int to = s + Weights[j, b] - columnMin;
                    next[to] += mass[s] * background[b];
                }
            }
            mass = next;
            low += columnMin;
        }
        var achievable = new List<int>();
        var tails = new List<double>();
        double cumulative = 0;
        for (int s = span; s >= 0; s--)
        {
            if (mass[s] <= 0)
                continue;
            cumulative += mass[s];
            achievable.Add(s + low);
            tails.Add(Math.Min(1, cumulative));
        }
        levels = [.. achievable];
        tail = [.. tails];
    }

    public Motif Motif { get; }
    public int Width { get; }
    public int[,] Weights { get; }
    public int MinScore { get; }
    public int MaxScore { get; }

    /// <summary>The score in bits of a grid score, as the scorer reports it.</summary>
    public static float Bits(int gridScore) => (float)(gridScore / (double)Scale);

    public int LevelOf(float score)
    {
        // Levels strictly above the score: the first level not above it.
        int grid = (int)Math.Round(score * Scale);
        int lo = 0, hi = levels.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (levels[mid] > grid)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    public double PValue(float score)
    {
        int level = LevelOf(score);
        return level < tail.Length ? tail[level] : 1.0;
    }

    public double PValueOfLevel(int level) => level < tail.Length ? tail[level] : 1.0;

    public int LevelsUpTo(double pValue)
    {
        int count = 0;
        while (count < tail.Length && tail[count] <= pValue)
            count++;
        return Math.Max(1, count);
    }

    public float CutForLevel(int level) => level + 1 < levels.Length ? Bits(levels[level + 1]) : float.NegativeInfinity;

    public float ThresholdFor(double alpha)
    {
        // The last level whose p-value is below α: scores at or above it pass, i.e. above the next level.
        int last = -1;
        while (last + 1 < tail.Length && tail[last + 1] < alpha)
            last++;
        return last < 0 ? float.PositiveInfinity : CutForLevel(last);
    }
}
