using GenomeScan.Formats.Sequences;

namespace GenomeScan.Scanner.Scoring;

/// <summary>
/// The PWM scanner as a window model: each window of the motif's width scores the sum of its bases'
/// log-odds (in bits, on the exact grid of <see cref="PwmScoreNull"/>); the minus strand reads the
/// window's reverse complement. An unknown base (only in the padding of a record shorter than the motif)
/// scores its column's minimum.
/// </summary>
internal sealed class PwmScorer(PwmScoreNull pwm) : IWindowScorer
{
    public void Score(WindowBatch batch, Strands strands)
    {
        int width = pwm.Width;
        var weights = pwm.Weights;
        for (int w = 0; w < batch.Count; w++)
        {
            var codes = batch.Window(w);
            int plus = 0, minus = 0;
            for (int j = 0; j < width; j++)
            {
                byte forward = j < codes.Length ? codes[j] : Alphabet.Unknown;
                byte reverse = width - 1 - j < codes.Length ? codes[width - 1 - j] : Alphabet.Unknown;
                plus += forward < Alphabet.Size ? weights[j, forward] : ColumnMin(j);
                minus += reverse < Alphabet.Size ? weights[j, Alphabet.Size - 1 - reverse] : ColumnMin(j);
            }
            batch.Plus[w] = PwmScoreNull.Bits(plus);
            batch.Minus[w] = PwmScoreNull.Bits(minus);
        }
    }

    int ColumnMin(int j) => Math.Min(Math.Min(pwm.Weights[j, 0], pwm.Weights[j, 1]), Math.Min(pwm.Weights[j, 2], pwm.Weights[j, 3]));
}
