using GenomeScan.Formats.Sequences;

namespace GenomeScan.Scanner.Scoring;

/// <summary>
/// The per-window engine: one-hot encodes every window (and its reverse complement for the minus strand)
/// into a reused [2·batch, L, 4] tensor and runs the ONNX classifier on it. Works for any ONNX window
/// classifier; the reference the faster engines are checked against.
/// </summary>
internal sealed class OnnxWindowScorer(OnnxWindowClassifier model, int capacity) : IWindowScorer
{
    readonly float[] oneHot = new float[2 * capacity * model.WindowLength * Alphabet.Size];
    readonly float[] probabilities = new float[2 * capacity];

    public void Score(WindowBatch batch, Strands strands)
    {
        int length = model.WindowLength, count = batch.Count, rows = 0;
        int plusRow = -1, minusRow = -1;
        int used = 0;
        if (strands.HasFlag(Strands.Plus))
        {
            plusRow = rows;
            rows += count;
        }
        if (strands.HasFlag(Strands.Minus))
        {
            minusRow = rows;
            rows += count;
        }
        used = rows * length * Alphabet.Size;
        Array.Clear(oneHot, 0, used);
        for (int w = 0; w < count; w++)
        {
            // Shorter than the window only for a short record: the rest is unknown padding.
            var codes = batch.Window(w);
            int rowSize = length * Alphabet.Size;
            if (plusRow >= 0)
                OneHot.Write(codes, oneHot.AsSpan((plusRow + w) * rowSize, rowSize), length);
            if (minusRow >= 0)
                OneHot.Write(codes, oneHot.AsSpan((minusRow + w) * rowSize, rowSize), length, reverseComplement: true);
        }
        if (rows == 0)
            return;
        model.Predict(oneHot, rows, probabilities.AsSpan(0, rows));
        if (plusRow >= 0)
            probabilities.AsSpan(plusRow, count).CopyTo(batch.Plus);
        if (minusRow >= 0)
            probabilities.AsSpan(minusRow, count).CopyTo(batch.Minus);
    }
}
