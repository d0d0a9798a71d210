using GenomeScan.Formats.Fasta;
using GenomeScan.Formats.Sequences;

namespace GenomeScan.Scanner.Windows;

/// <summary>
/// A contiguous stretch of one record held by a batch: its windows' bases are
/// <c>Codes[CodeOffset .. CodeOffset + Length)</c>, starting at record offset <see cref="Start"/>; the
/// <see cref="Before"/> bases before and <see cref="After"/> after them are context (up to
/// <see cref="ScanOptions.ContextBases"/> each, fewer only at the record's ends), held just before and after.
/// </summary>
internal readonly record struct Segment(FastaRecord Record, long Start, int Length, int CodeOffset, int Before = 0, int After = 0);

/// <summary>
/// Windows on their way through the pipeline, stored as segments of contiguous sequence (so the shared
/// engine can score every window of a segment in one pass, and the per-window engine can cut each window
/// out) and, per window, its segment, where it lies and, once scored, the probability of each strand. A
/// window of a record shorter than the model's window is its whole segment, read as padded with unknown
/// bases. Batches are pooled; <see cref="Scored"/> tells the writer that the scores are in.
/// </summary>
internal sealed class WindowBatch
{
    /// <param name="windowCapacity">The most windows a batch holds.</param>
    /// <param name="windowLength">Their length.</param>
    /// <param name="codeCapacity">The most bases (segments with context) it holds.</param>
    /// <param name="channels">Scores per window and strand: several motifs of one width score the same windows, channel c at <c>c · Capacity + w</c>.</param>
    public WindowBatch(int windowCapacity, int windowLength, int codeCapacity, int channels = 1)
    {
        Capacity = windowCapacity;
        Channels = channels;
        WindowLength = windowLength;
        Codes = new byte[codeCapacity];
        SegmentOf = new int[windowCapacity];
        Starts = new long[windowCapacity];
        Ends = new long[windowCapacity];
        Plus = new float[windowCapacity * channels];
        Minus = new float[windowCapacity * channels];
    }

    public int Capacity { get; }
    public int Channels { get; }
    public int WindowLength { get; }
    public int Count { get; set; }
    public byte[] Codes { get; }
    public int CodesUsed { get; set; }
    public List<Segment> Segments { get; } = [];
    public int[] SegmentOf { get; }
    public long[] Starts { get; }
    public long[] Ends { get; }
    public float[] Plus { get; }
    public float[] Minus { get; }
    public SemaphoreSlim Scored { get; } = new(0, 1);

    /// <summary>Records whose last window is in this batch or earlier, with their totals, in input order.</summary>
    public List<RecordTally> FinishedRecords { get; } = [];

    public bool IsFull => Count == Capacity;

    public FastaRecord Record(int window) => Segments[SegmentOf[window]].Record;

    /// <summary>The window's bases as far as the record goes (shorter than the window length only for short records).</summary>
    public ReadOnlySpan<byte> Window(int window)
    {
        var segment = Segments[SegmentOf[window]];
        int offset = (int)(Starts[window] - segment.Start);
        return Codes.AsSpan(segment.CodeOffset + offset, (int)(Ends[window] - Starts[window]));
    }

    public ReadOnlySpan<byte> SegmentCodes(int segment) => Codes.AsSpan(Segments[segment].CodeOffset, Segments[segment].Length);

    /// <summary>The segment's bases with their context on both sides.</summary>
    public ReadOnlySpan<byte> SegmentCodesWithContext(int segment)
    {
        var s = Segments[segment];
        return Codes.AsSpan(s.CodeOffset - s.Before, s.Before + s.Length + s.After);
    }

    /// <summary>
    /// <paramref name="codes"/> as they are when at least one window long; else (a short record) copied
    /// into <paramref name="window"/> (the window length) and padded with unknown bases: one window.
    /// </summary>
    public static ReadOnlySpan<byte> AtLeastOneWindow(ReadOnlySpan<byte> codes, byte[] window)
    {
        if (codes.Length >= window.Length)
            return codes;
        codes.CopyTo(window);
        window.AsSpan(codes.Length).Fill(Alphabet.Unknown);
        return window;
    }

    public void Reset()
    {
        Count = 0;
        CodesUsed = 0;
        Segments.Clear();
        FinishedRecords.Clear();
    }
}

/// <summary>A record's totals, for the summary line: bases, windows scored and skipped.</summary>
internal sealed record RecordTally(FastaRecord Record, long Length, long WindowsScored, long WindowsSkipped);
