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
    /// <summary>Every window's plus-strand scores, channel c at <c>c · Capacity</c> (allocated when first asked for: sparse scans never are).</summary>
    public float[] Plus => plus ??= new float[Capacity * Channels];

    public float[] Minus => minus ??= new float[Capacity * Channels];

    float[]? plus, minus;
    public SemaphoreSlim Scored { get; } = new(0, 1);

    /// <summary>
    /// Set by the pipeline when every sink takes reported windows: channel c's sink needs only the windows
    /// scoring above <c>ReportAbove[c]</c> on a strand scanned. A scorer that can, reports those (and sets
    /// <see cref="IsSparse"/>) instead of writing every score; others write every score as usual.
    /// </summary>
    public float[]? ReportAbove { get; set; }

    /// <summary>Whether the scorer reported windows (<see cref="Reported"/>) rather than writing <see cref="Plus"/> and <see cref="Minus"/>.</summary>
    public bool IsSparse { get; set; }

    /// <summary>Channel c's reported windows, in window order.</summary>
    public List<ReportedWindow>[] Reported => reported ??= [.. Enumerable.Range(0, Channels).Select(_ => new List<ReportedWindow>())];

    List<ReportedWindow>[]? reported;

    /// <summary>Records whose last window is in this batch or earlier, with their totals, in input order.</summary>
    public List<RecordTally> FinishedRecords { get; } = [];

    public bool IsFull => Count == Capacity;

    /// <summary>The end of the run of windows from <paramref name="window"/> that belong to its segment (a vector search).</summary>
    public int SegmentEnd(int window)
    {
        int next = SegmentOf.AsSpan(window, Count - window).IndexOfAnyExcept(SegmentOf[window]);
        return next < 0 ? Count : window + next;
    }

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
        IsSparse = false;
        if (reported is not null)
            foreach (var list in reported)
                list.Clear();
    }
}

/// <summary>
/// A window a sparse scorer reports for one channel: its index in the batch and both strands' scores. Every
/// window of the channel scoring above the channel's <see cref="WindowBatch.ReportAbove"/> on a strand
/// scanned is reported; the rest scored at most that.
/// </summary>
internal readonly record struct ReportedWindow(int Window, float Plus, float Minus);

/// <summary>A record's totals, for the summary line: bases, windows scored and skipped; the bases read and how many of them were unknown.</summary>
internal sealed record RecordTally(FastaRecord Record, long Length, long WindowsScored, long WindowsSkipped, long Bases = 0, long Unknown = 0);
