namespace GenomeScan.Scanner.Significance;

/// <summary>
/// Benjamini–Hochberg q-values from a null distribution, counted in one pass: every strand-window tested
/// adds to m, and those with p ≤ <see cref="ExactBelow"/> are counted by their p-value level (the number of
/// null scores at least as high). q(p) = min over p' ≥ p of p'·m / #tested with p-value ≤ p'; exact for
/// q-values under <see cref="ExactBelow"/>, and a lower bound of that level caps the rest (reported as
/// at most 1).
/// </summary>
internal sealed class FalseDiscovery(IScoreNull background, double exactBelow = 0.01)
{
    readonly float floor = background.ThresholdFor(exactBelow);
    readonly long[] byLevel = new long[background.LevelsUpTo(exactBelow)];
    double[]? qByLevel;

    public double ExactBelow => exactBelow;

    public long Tested { get; private set; }

    /// <summary>Scores at or below this are only counted as tested: windows scoring above it on a strand must be handed over.</summary>
    public float Floor => floor;

    /// <summary>Every window's scores on the strands used.</summary>
    public void AddRange(ReadOnlySpan<float> plus, ReadOnlySpan<float> minus, bool usePlus, bool useMinus)
    {
        if (usePlus)
            AddRange(plus);
        if (useMinus)
            AddRange(minus);
    }

    /// <summary>
    /// <paramref name="windows"/> windows tested on the strands used, of which <paramref name="reported"/> hold
    /// every one scoring above <see cref="Floor"/> on one of them: the same counts as every score handed over.
    /// </summary>
    public void AddReported(int windows, ReadOnlySpan<Windows.ReportedWindow> reported, bool usePlus, bool useMinus)
    {
        Tested += (long)windows * ((usePlus ? 1 : 0) + (useMinus ? 1 : 0));
        foreach (var window in reported)
        {
            if (usePlus)
                Count(window.Plus);
            if (useMinus)
                Count(window.Minus);
        }
    }

    public void Add(float score)
    {
        Tested++;
        Count(score);
    }

    public void AddRange(ReadOnlySpan<float> scores)
    {
        Tested += scores.Length;
        foreach (var score in scores)
            Count(score);
    }

    void Count(float score)
    {
        if (score > floor)
        {
            int level = background.LevelOf(score);
            if (level < byLevel.Length)
                byLevel[level]++;
        }
    }

    double[] Table()
    {
        if (qByLevel is not null)
            return qByLevel;
        var q = new double[byLevel.Length];
        long cumulative = 0;
        var rank = new long[byLevel.Length];
        for (int k = 0; k < byLevel.Length; k++)
            rank[k] = cumulative += byLevel[k];
        double running = 1.0;
        for (int k = byLevel.Length - 1; k >= 0; k--)
        {
            if (rank[k] > 0)
                running = Math.Min(running, background.PValueOfLevel(k) * Tested / rank[k]);
            q[k] = running;
        }
        return qByLevel = q;
    }

    public double QValue(float score)
    {
        int level = background.LevelOf(score);
        return level < byLevel.Length ? Table()[level] : 1.0;
    }

    /// <summary>The score cut-off for q ≤ α (α ≤ <see cref="ExactBelow"/>): windows scoring above it pass.</summary>
    public float ThresholdForQ(double alpha)
    {
        var q = Table();
        // q is non-decreasing in the level; the highest passing level sets the cut-off.
        int best = -1;
        for (int k = 0; k < q.Length; k++)
            if (q[k] <= alpha && byLevel[k] > 0)
                best = k;
        return best < 0 ? float.PositiveInfinity : background.CutForLevel(best);
    }
}
