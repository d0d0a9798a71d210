using GenomeScan.Formats.Fasta;

namespace GenomeScan.Scanner.Scan;

/// <summary>
/// Up to <see cref="Capacity"/> windows on their way through the pipeline: the forward codes of each
/// window (unknown-padded past a short record's end), where it lies, and, once scored, the probability
/// of each strand. Batches are pooled; <see cref="Scored"/> tells the writer that the scores are in.
/// </summary>
public sealed class WindowBatch
{
    public WindowBatch(int capacity, int windowLength)
    {
        Capacity = capacity;
        WindowLength = windowLength;
        Codes = new byte[capacity * windowLength];
        Records = new FastaRecord[capacity];
        Starts = new long[capacity];
        Ends = new long[capacity];
        Plus = new float[capacity];
        Minus = new float[capacity];
    }

    public int Capacity { get; }
    public int WindowLength { get; }
    public int Count { get; set; }
    public byte[] Codes { get; }
    public FastaRecord[] Records { get; }
    public long[] Starts { get; }
    public long[] Ends { get; }
    public float[] Plus { get; }
    public float[] Minus { get; }
    public SemaphoreSlim Scored { get; } = new(0, 1);

    /// <summary>Records whose last window is in this batch or earlier, with their length and skip counts, in input order.</summary>
    public List<RecordTally> FinishedRecords { get; } = [];

    public bool IsFull => Count == Capacity;

    public ReadOnlySpan<byte> Window(int index) => Codes.AsSpan(index * WindowLength, WindowLength);

    public void Reset()
    {
        Count = 0;
        FinishedRecords.Clear();
    }
}

/// <summary>A record's totals, for the summary line: bases, windows scored and skipped.</summary>
public sealed record RecordTally(FastaRecord Record, long Length, long WindowsScored, long WindowsSkipped);
