using GenomeScan.Formats.Fasta;
using GenomeScan.Formats.Sequences;

namespace GenomeScan.Scanner;

/// <summary>
/// Scores every window of a stretch of bases on both strands, with buffers of its own: one per thread
/// (the counterpart of minimap2's <c>mm_map</c> with its per-thread buffer). Not thread-safe.
/// </summary>
public sealed class WindowScorer : IDisposable
{
    /// <summary>The most bases a chunk holds: 2^16, or 16 segments where segments are small (per-allele scorers).</summary>
    const int MaxChunkBases = 1 << 16;
    readonly int length, chunkBases, channels;
    readonly IWindowScorer scorer;
    readonly WindowBatch batch;
    readonly SequenceChunk chunk;
    readonly WindowSlicer slicer;

    internal WindowScorer(WindowModel model)
        : this(model.Scorers, new ScanOptions { SegmentBases = model.Options.SegmentBases, BatchSize = model.Options.BatchSize })
    {
    }

    /// <summary>A scorer of any factory's windows: a model's, a motif's (<c>variants</c> scores both).</summary>
    internal WindowScorer(ScorerFactory scorers, ScanOptions options)
    {
        length = scorers.WindowLength;
        channels = scorers.Channels;
        scorer = scorers.Create();
        batch = new WindowBatch(options.WindowCapacity(scorers), length, options.CodeCapacity(scorers), channels);
        chunkBases = Math.Min(MaxChunkBases, 16 * options.SegmentBases);
        chunk = new(chunkBases, new FastaRecord(0, "bases", 0));
        // Every window is scored, however many unknown bases it holds.
        slicer = new WindowSlicer(length, stride: 1, maxUnknown: length, chunkBases);
    }

    /// <summary>The model's window length.</summary>
    public int WindowLength => length;

    /// <summary>How many windows <paramref name="bases"/> has: one per start, or one (padded) for a stretch shorter than a window.</summary>
    public int WindowCount(int bases) => bases == 0 ? 0 : Math.Max(1, bases - length + 1);

    /// <summary>
    /// The probability of the window starting at every offset of <paramref name="bases"/> (ASCII letters: A C G T
    /// in either case, U as T, anything else unknown), on the plus strand and on the minus strand (the window's
    /// reverse complement). The spans take <see cref="WindowCount"/> values; returns that count.
    /// </summary>
    public int Score(ReadOnlySpan<byte> bases, Span<float> plus, Span<float> minus) => Score(bases, plus, minus, letters: true);

    /// <summary>
    /// The same for base codes (0..3, 4 unknown) instead of letters, and for every channel of the scorer (several
    /// motifs of one width): channel c's window w at <paramref name="stride"/> · c + w.
    /// </summary>
    internal int ScoreCodes(ReadOnlySpan<byte> codes, Span<float> plus, Span<float> minus, int stride = 0) => Score(codes, plus, minus, letters: false, stride);

    int Score(ReadOnlySpan<byte> bases, Span<float> plus, Span<float> minus, bool letters, int stride = 0)
    {
        int windows = WindowCount(bases.Length);
        if (channels > 1 && stride < windows)
            throw new ArgumentException($"{channels} channels of {windows} windows each need a stride of at least {windows}, not {stride}");
        int needed = (channels - 1) * stride + windows;
        if (plus.Length < needed || minus.Length < needed)
            throw new ArgumentException($"{bases.Length} bases have {windows} windows in each of {channels} channels: the score spans hold {Math.Min(plus.Length, minus.Length)}");
        if (windows == 0)
            return 0;
        for (int done = 0; done < bases.Length;)
        {
            int n = Math.Min(chunkBases, bases.Length - done);
            for (int i = 0; i < n; i++)
                chunk.Codes[i] = letters ? Alphabet.Code(bases[done + i]) : Math.Min(bases[done + i], Alphabet.Unknown);
            chunk.Refill(done, n, endOfRecord: done + n == bases.Length);
            done += n;
            slicer.Add(chunk);
            while (slicer.Fill(batch))
                Drain(plus, minus, stride);
        }
        Drain(plus, minus, stride);
        return windows;
    }

    void Drain(Span<float> plus, Span<float> minus, int stride)
    {
        if (batch.Count > 0)
        {
            scorer.Score(batch, Strands.Both);
            for (int c = 0; c < channels; c++)
            {
                int from = c * batch.Capacity, to = c * stride;
                for (int w = 0; w < batch.Count; w++)
                {
                    int start = (int)batch.Starts[w];
                    plus[to + start] = batch.Plus[from + w];
                    minus[to + start] = batch.Minus[from + w];
                }
            }
        }
        batch.Reset();
    }

    /// <summary>Releases the scorer's buffers and sessions.</summary>
    public void Dispose() => (scorer as IDisposable)?.Dispose();
}
