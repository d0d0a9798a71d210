using GenomeScan.Formats.Sequences;

namespace GenomeScan.Scanner.Calling;

/// <summary>
/// A record's score: its best window over every placement that touches it, both strands. <see cref="Offset"/>
/// is the window's start relative to the record (negative when it begins in the padding before it).
/// </summary>
internal readonly record struct RecordScore(string Name, float Score, char Strand, int Offset, int Length);

/// <summary>
/// Scores whole records — peaks, promoters, DeepBind's 101-bp sequences — as one number each: the record is
/// padded with window − 1 unknown bases on each side and every window of that is scored on both strands, so
/// a site counts wherever in the record it lies. One per thread (it holds a scorer).
/// </summary>
internal sealed class RecordScorer(WindowModel model) : IDisposable
{
    readonly WindowScorer scorer = model.CreateScorer();
    byte[] padded = [];
    float[] plus = [], minus = [];

    public RecordScore Score(string name, ReadOnlySpan<byte> codes)
    {
        int length = model.WindowLength, pad = length - 1, total = codes.Length + 2 * pad;
        if (padded.Length < total)
        {
            padded = new byte[total];
            plus = new float[total];
            minus = new float[total];
        }
        var span = padded.AsSpan(0, total);
        span.Fill(Alphabet.Unknown);
        codes.CopyTo(span[pad..]);
        int windows = scorer.ScoreCodes(span, plus, minus);
        int best = 0;
        char strand = '+';
        float score = float.NegativeInfinity;
        for (int w = 0; w < windows; w++)
        {
            if (plus[w] > score)
                (score, best, strand) = (plus[w], w, '+');
            if (minus[w] > score)
                (score, best, strand) = (minus[w], w, '-');
        }
        return new RecordScore(name, score, strand, best - pad, codes.Length);
    }

    public void Dispose() => scorer.Dispose();
}
