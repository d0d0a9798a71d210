namespace GenomeScan.Scanner.Significance;

/// <summary>
/// The distribution of a scorer's window scores under a background, as p-values need it: scores fall in
/// discrete levels (0 = the most extreme), each with its p-value, the probability of a score at least as
/// high. <see cref="NullDistribution"/> is empirical (the CNN); <see cref="PwmScoreNull"/> is exact (a PWM).
/// </summary>
internal interface IScoreNull
{
    double PValue(float score);

    /// <summary>The cut-off t with: a score's p-value is below <paramref name="alpha"/> exactly when the score exceeds t.</summary>
    float ThresholdFor(double alpha);

    int LevelOf(float score);

    double PValueOfLevel(int level);

    /// <summary>How many levels (from 0) have p-values of at most <paramref name="pValue"/>, at least one.</summary>
    int LevelsUpTo(double pValue);

    /// <summary>The cut-off t with: a score's level is at most <paramref name="level"/> exactly when the score exceeds t.</summary>
    float CutForLevel(int level);
}
