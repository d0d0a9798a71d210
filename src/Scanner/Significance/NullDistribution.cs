namespace GenomeScan.Scanner.Significance;

/// <summary>
/// The empirical null of window scores: the model's probabilities for every window, both strands, of
/// random sequence drawn from a background (see <see cref="GeneratedSource"/>) or of a background FASTA. A window's
/// p-value is (1 + #null scores ≥ its score) / (1 + #null scores), so it is never 0 and is exact for
/// windows drawn from the same background. Kept sorted, highest first.
/// </summary>
internal sealed class NullDistribution : IScoreNull
{
    readonly float[] descending;

    public NullDistribution(float[] scores)
    {
        descending = scores;
        Array.Sort(descending, (a, b) => b.CompareTo(a));
    }

    NullDistribution(float[] sorted, bool alreadySorted) => descending = sorted;

    public int Count => descending.Length;

    /// <summary>The smallest p-value this null can give.</summary>
    public double Resolution => 1.0 / (Count + 1);

    public int CountAtLeast(float score)
    {
        // First index whose value is below the score: everything before it is ≥ score.
        int lo = 0, hi = descending.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (descending[mid] >= score)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    public double PValue(float score) => (1.0 + CountAtLeast(score)) / (Count + 1.0);

    /// <summary>A score's level is the number of null scores at least as high.</summary>
    public int LevelOf(float score) => CountAtLeast(score);

    public double PValueOfLevel(int level) => (1.0 + level) / (Count + 1.0);

    public int LevelsUpTo(double pValue) => (int)Math.Min(Count + 1L, (long)Math.Ceiling(pValue * (Count + 1.0)) + 1);

    public float CutForLevel(int level) => level < Count ? descending[level] : float.NegativeInfinity;

    /// <summary>The probability t such that a window's p-value is below <paramref name="alpha"/> exactly when its score exceeds t.</summary>
    public float ThresholdFor(double alpha)
    {
        // p < α ⇔ 1 + k < α (n + 1) ⇔ k ≤ ⌈α (n + 1) − 1⌉ − 1, with k the count of null scores ≥ the score.
        long allowed = (long)Math.Ceiling(alpha * (Count + 1.0) - 1.0) - 1;
        if (allowed < 0)
            return float.PositiveInfinity;
        if (allowed >= Count)
            return float.NegativeInfinity;
        return descending[allowed];
    }

    /// <summary>The scores, highest first.</summary>
    internal ReadOnlySpan<float> Descending => descending;

    /// <summary>A null from scores already sorted highest first (as <see cref="Descending"/> gives them).</summary>
    internal static NullDistribution FromSorted(float[] descending) => new(descending, alreadySorted: true);
}
