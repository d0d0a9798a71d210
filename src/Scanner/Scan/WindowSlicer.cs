using GenomeScan.Formats.Fasta;
using GenomeScan.Formats.Sequences;

namespace GenomeScan.Scanner.Scan;

/// <summary>
/// Cuts records into windows of the model's length as chunks stream in, keeping only the last window's
/// worth of bases between chunks. Window starts are 0, stride, 2·stride, …; the record's last window is
/// aligned to its end so every base is covered; a record shorter than a window gets one window, padded
/// with unknown bases. A window with more than <see cref="ScanOptions.MaxUnknown"/> unknown bases (padding
/// not counted) is skipped and counted, so assembly gaps cost no inference.
/// </summary>
public sealed class WindowSlicer
{
    readonly int length;
    readonly int stride;
    readonly int maxUnknown;
    readonly byte[] buffer;
    readonly int[] unknownBefore;
    FastaRecord? record;
    long bufferStart;
    int bufferLength;
    long nextStart;
    long coveredTo;
    bool endOfRecord;
    bool finished = true;
    long scored, skipped;

    public WindowSlicer(int windowLength, int stride, int maxUnknown, int chunkSize)
    {
        if (stride < 1 || stride > windowLength)
            throw new ArgumentOutOfRangeException(nameof(stride), "the stride must be between 1 and the window length, so every base is covered");
        length = windowLength;
        this.stride = stride;
        this.maxUnknown = maxUnknown;
        buffer = new byte[chunkSize + windowLength];
        unknownBefore = new int[chunkSize + windowLength + 1];
    }

    public long WindowsScored { get; private set; }
    public long WindowsSkipped { get; private set; }
    public long EmptyRecords { get; private set; }

    /// <summary>Takes the next chunk; call <see cref="Fill"/> until it returns false before the next one.</summary>
    public void Add(SequenceChunk chunk)
    {
        if (finished)
        {
            record = chunk.Record;
            bufferStart = 0;
            bufferLength = 0;
            nextStart = 0;
            coveredTo = 0;
            scored = skipped = 0;
            finished = false;
        }
        else
        {
            // Keep the last window's worth: every window still to come starts at or after it.
            long recordEnd = bufferStart + bufferLength;
            long keepFrom = Math.Max(bufferStart, recordEnd - length);
            int drop = (int)(keepFrom - bufferStart);
            buffer.AsSpan(drop, bufferLength - drop).CopyTo(buffer);
            bufferStart = keepFrom;
            bufferLength -= drop;
        }
        chunk.Span.CopyTo(buffer.AsSpan(bufferLength));
        bufferLength += chunk.Length;
        endOfRecord = chunk.EndOfRecord;
        for (int i = 0; i < bufferLength; i++)
            unknownBefore[i + 1] = unknownBefore[i] + (buffer[i] >= Alphabet.Size ? 1 : 0);
    }

    /// <summary>Adds windows to the batch; returns true when the batch filled up (call again after sending it).</summary>
    public bool Fill(WindowBatch batch)
    {
        long recordEnd = bufferStart + bufferLength;
        while (!batch.IsFull)
        {
            if (nextStart + length <= recordEnd)
            {
                Emit(batch, nextStart, nextStart + length);
                nextStart += stride;
                continue;
            }
            if (endOfRecord && !finished)
            {
                finished = true;
                if (recordEnd >= length && coveredTo < recordEnd)
                    Emit(batch, recordEnd - length, recordEnd);
                else if (recordEnd > 0 && recordEnd < length)
                    Emit(batch, 0, recordEnd);
                else if (recordEnd == 0)
                    EmptyRecords++;
                batch.FinishedRecords.Add(new RecordTally(record!, recordEnd, scored, skipped));
            }
            return false;
        }
        return true;
    }

    void Emit(WindowBatch batch, long start, long end)
    {
        coveredTo = end;
        int from = (int)(start - bufferStart), to = (int)(end - bufferStart);
        if (unknownBefore[to] - unknownBefore[from] > maxUnknown)
        {
            skipped++;
            WindowsSkipped++;
            return;
        }
        scored++;
        WindowsScored++;
        int slot = batch.Count++;
        var target = batch.Codes.AsSpan(slot * length, length);
        buffer.AsSpan(from, to - from).CopyTo(target);
        target[(to - from)..].Fill(Alphabet.Unknown);
        batch.Records[slot] = record!;
        batch.Starts[slot] = start;
        batch.Ends[slot] = end;
    }
}
