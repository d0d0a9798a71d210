using GenomeScan.Formats.Sequences;

namespace GenomeScan.Scanner.Scoring;

/// <summary>
/// The shared-computation engine: each segment of a batch (contiguous bases of one record) is one-hot
/// encoded once per strand — the minus strand as the segment's reverse complement — and scored in one pass
/// by <see cref="DenseScanModel"/>; each window then reads its start's score. A window on the minus strand
/// starting at offset s of a segment of C bases is the reverse complement's window at C − L − s.
/// </summary>
internal sealed class DenseOnnxScorer(DenseScanModel model, int maxSegment) : IWindowScorer
{
    readonly int length = model.WindowLength;
    // A segment's windows span at most the batch's codes: maxSegment plus the context it did not need.
    readonly float[] oneHot = new float[2 * (Math.Max(maxSegment, model.WindowLength) + 2 * ScanOptions.ContextBases) * Alphabet.Size];
    readonly float[] scores = new float[2 * (Math.Max(maxSegment, model.WindowLength) + 2 * ScanOptions.ContextBases)];

    public void Score(WindowBatch batch, Strands strands)
    {
        bool plus = strands.HasFlag(Strands.Plus), minus = strands.HasFlag(Strands.Minus);
        int rows = (plus ? 1 : 0) + (minus ? 1 : 0);
        if (rows == 0)
            return;
        int window = 0;
        for (int s = 0; s < batch.Segments.Count; s++)
        {
            var codes = batch.SegmentCodes(s);
            if (codes.Length * rows > scores.Length)
                throw new InvalidOperationException($"a segment of {codes.Length} bases exceeds the engine's buffers");
            // A short record's segment is padded to one window of unknown bases.
            int c = Math.Max(codes.Length, length);
            int windows = c - length + 1;
            Array.Clear(oneHot, 0, rows * c * Alphabet.Size);
            int rowSize = c * Alphabet.Size;
            if (plus)
                OneHot.Write(codes, oneHot.AsSpan(0, rowSize), c);
            if (minus)
                OneHot.Write(codes, oneHot.AsSpan((rows - 1) * rowSize, rowSize), c, reverseComplement: true);
            model.Score(oneHot, rows, c, scores);
            long segmentStart = batch.Segments[s].Start;
            for (; window < batch.Count && batch.SegmentOf[window] == s; window++)
            {
                int at = (int)(batch.Starts[window] - segmentStart);
                if (plus)
                    batch.Plus[window] = scores[at];
                if (minus)
                    batch.Minus[window] = scores[(rows - 1) * windows + (c - length - at)];
            }
        }
    }
}
