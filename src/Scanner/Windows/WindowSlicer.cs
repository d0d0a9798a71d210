using System.Runtime.Intrinsics;
using GenomeScan.Formats.Fasta;
using GenomeScan.Formats.Sequences;

namespace GenomeScan.Scanner.Windows;

/// <summary>
/// Cuts records into windows of the model's length as chunks stream in, keeping only the last window's
/// worth of bases between chunks. Window starts are 0, stride, 2·stride, …; the record's last window is
/// aligned to its end so every base is covered; a record shorter than a window gets one window, padded
/// with unknown bases. A window with more than <see cref="ScanOptions.MaxUnknown"/> unknown bases (padding
/// not counted) is skipped and counted, and ends the batch's current segment, so assembly gaps cost no
/// inference. Windows go into batches as segments of contiguous sequence of at most the batch's code capacity,
/// each with up to <see cref="ScanOptions.ContextBases"/> bases of context on both sides: a window is
/// emitted once the bases that far past its end have arrived (or the record has ended), and that many
/// before its start are kept, so a segment's context depends only on the record, never on chunk or batch
/// boundaries.
/// </summary>
internal sealed class WindowSlicer
{
    const int Context = ScanOptions.ContextBases;
    readonly int length;
    readonly int stride;
    readonly int maxUnknown;
    readonly byte[] buffer;
    // Unknown bases before each buffer position, counted as far as countedUpTo (on demand: most runs hold none).
    readonly int[] unknownBefore;
    int countedUpTo;
    FastaRecord? record;
    long bufferStart;
    int bufferLength;
    long nextStart;
    bool endOfRecord;
    bool finished = true;
    long scored, skipped;
    // Bases read of the current record and how many were unknown (N, IUPAC codes): a record of almost nothing else is worth a word.
    long basesRead, unknownRead;
    // The batch segment that the next window may extend (-1: start a new one).
    int openSegment = -1;
    WindowBatch? lastBatch;
    // A region read through an index: window starts wanted, and the whole record's length.
    long rangeFrom, rangeTo = long.MaxValue;
    long? recordLength;

    public WindowSlicer(int windowLength, int stride, int maxUnknown, int chunkSize)
    {
        if (stride < 1 || stride > windowLength)
            throw new ArgumentOutOfRangeException(nameof(stride), "the stride must be between 1 and the window length, so every base is covered");
        length = windowLength;
        this.stride = stride;
        this.maxUnknown = maxUnknown;
        buffer = new byte[chunkSize + windowLength + 2 * Context];
        unknownBefore = new int[chunkSize + windowLength + 2 * Context + 1];
    }

    public int WindowLength => length;

    public long WindowsScored { get; private set; }
    public long WindowsSkipped { get; private set; }
    public long EmptyRecords { get; private set; }

    /// <summary>
    /// Takes the next chunk; call <see cref="Fill"/> until it returns false before the next one. A chunk of a
    /// region read says which windows the region asks for (<paramref name="region"/>, the same for all its chunks).
    /// </summary>
    public void Add(SequenceChunk chunk, RegionWindows? region = null)
    {
        if (finished)
        {
            record = chunk.Record;
            (rangeFrom, rangeTo, recordLength) = region is { } r ? (r.From, r.To, (long?)r.RecordLength) : (0L, long.MaxValue, (long?)null);
            bufferStart = chunk.Start;
            bufferLength = 0;
            // The grid of window starts is anchored at the region's start (a record's: 0), so a region gets
            // the windows samtools faidx's copy of it would get as a record of its own.
            nextStart = rangeFrom;
            scored = skipped = 0;
            basesRead = unknownRead = 0;
            finished = false;
            openSegment = -1;
        }
        else
        {
            // Keep the last window's worth and two contexts: every window still to come starts after
            // recordEnd − length − Context, and wants Context bases before its start.
            long recordEnd = bufferStart + bufferLength;
            long keepFrom = Math.Max(bufferStart, recordEnd - length - 2 * Context);
            int drop = (int)(keepFrom - bufferStart);
            buffer.AsSpan(drop, bufferLength - drop).CopyTo(buffer);
            bufferStart = keepFrom;
            bufferLength -= drop;
        }
        chunk.Span.CopyTo(buffer.AsSpan(bufferLength));
        basesRead += chunk.Length;
        unknownRead += chunk.Span.Count(Alphabet.Unknown);
        bufferLength += chunk.Length;
        endOfRecord = chunk.EndOfRecord;
        countedUpTo = 0;
    }

    /// <summary>Adds windows to the batch; returns true when the batch filled up (send it, then call again with a fresh one).</summary>
    public bool Fill(WindowBatch batch)
    {
        if (!ReferenceEquals(batch, lastBatch))
        {
            lastBatch = batch;
            openSegment = -1;
        }
        long recordEnd = bufferStart + bufferLength;
        while (true)
        {
            // A window goes out once its context after it has arrived, or the record (or region read) has ended.
            if (nextStart + length + (endOfRecord ? 0 : Context) <= recordEnd && nextStart + length <= rangeTo)
            {
                // Most windows continue the open segment: add them as a run; the rest one by one.
                if (EmitRun(batch, recordEnd) > 0)
                    continue;
                if (!Emit(batch, nextStart, nextStart + length))
                    return true;
                nextStart += stride;
                continue;
            }
            if (endOfRecord && !finished)
            {
                long n = recordLength ?? recordEnd;
                // Windows end by the region's end (a region read has arrived past it), or the record's.
                bool region = recordLength is not null;
                long limit = region ? Math.Min(rangeTo, n) : n;
                bool atEnd = region || recordEnd == n;
                // The last window is aligned to that end unless the grid already ends there.
                if (atEnd && limit - rangeFrom >= length && (limit - length - rangeFrom) % stride != 0)
                {
                    if (!Emit(batch, limit - length, limit))
                        return true;
                }
                else if (atEnd && limit > rangeFrom && limit - rangeFrom < length)
                {
                    // A record (or region) shorter than a window: one window of its bases, padded with unknown ones.
                    if (!Emit(batch, rangeFrom, limit))
                        return true;
                }
                else if (n == 0)
                    EmptyRecords++;
                finished = true;
                openSegment = -1;
                batch.FinishedRecords.Add(new RecordTally(record!, recordEnd, scored, skipped, basesRead, unknownRead));
            }
            return false;
        }
    }

    /// <summary>
    /// Adds the run of grid windows from <see cref="nextStart"/> that continue the batch's open segment —
    /// as many as are ready, fit the batch and have at most maxUnknown unknown bases — growing the segment
    /// once; returns how many (0: none, the caller goes window by window). The same result as
    /// <see cref="Emit"/> for each, without its per-window bookkeeping.
    /// </summary>
    int EmitRun(WindowBatch batch, long recordEnd)
    {
        if (!Continues(batch, nextStart))
            return 0;
        var segment = batch.Segments[openSegment];
        long lastReady = Math.Min(recordEnd - length - (endOfRecord ? 0 : Context), rangeTo - length);
        long count = Math.Min((lastReady - nextStart) / stride + 1, batch.Capacity - batch.Count);
        // Codes: the segment grows to the last window's end and its context after; bound it by Context.
        long room = batch.Codes.Length - batch.CodesUsed + segment.Start + segment.Length + segment.After - Context - nextStart - length;
        if (room < 0)
            return 0;
        count = Math.Min(count, room / stride + 1);
        int n = (int)count;
        // Most runs hold no unknown base at all: one look at the prefix counts; else window by window.
        int runFrom = (int)(nextStart - bufferStart), runTo = runFrom + (n - 1) * stride + length;
        if (buffer.AsSpan(runFrom, runTo - runFrom).IndexOfAnyInRange(Alphabet.Unknown, byte.MaxValue) >= 0 && UnknownIn(runFrom, runTo) > maxUnknown)
        {
            n = 0;
            for (long start = nextStart; n < count; start += stride, n++)
            {
                int from = (int)(start - bufferStart);
                if (UnknownIn(from, from + length) > maxUnknown)
                    break;
            }
        }
        if (n == 0 || !GrowOpenSegment(batch, nextStart + (long)(n - 1) * stride + length))
            return 0;
        PlaceRun(batch, openSegment, nextStart, n);
        nextStart += (long)n * stride;
        return n;
    }

    /// <summary>Unknown bases in buffer positions [from, to).</summary>
    int UnknownIn(int from, int to)
    {
        for (; countedUpTo < to; countedUpTo++)
            unknownBefore[countedUpTo + 1] = unknownBefore[countedUpTo] + (buffer[countedUpTo] >= Alphabet.Size ? 1 : 0);
        return unknownBefore[to] - unknownBefore[from];
    }

    /// <summary>Adds <paramref name="n"/> grid windows from <paramref name="start"/> to the segment: <see cref="Place"/> for each, in bulk.</summary>
    void PlaceRun(WindowBatch batch, int segment, long start, int n)
    {
        int slot = batch.Count;
        batch.SegmentOf.AsSpan(slot, n).Fill(segment);
        var starts = batch.Starts.AsSpan(slot, n);
        var ends = batch.Ends.AsSpan(slot, n);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var at = Vector256.Create(start, start + stride, start + 2L * stride, start + 3L * stride);
            var step = Vector256.Create(4L * stride);
            var span = Vector256.Create((long)length);
            for (; i + 4 <= n; i += 4, at += step)
            {
                at.StoreUnsafe(ref starts[0], (nuint)i);
                (at + span).StoreUnsafe(ref ends[0], (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            long windowStart = start + (long)i * stride;
            starts[i] = windowStart;
            ends[i] = windowStart + length;
        }
        batch.Count += n;
        scored += n;
        WindowsScored += n;
    }

    /// <summary>Whether a window starting at <paramref name="start"/> continues the batch's open segment (same record, no gap).</summary>
    bool Continues(WindowBatch batch, long start)
    {
        if (openSegment < 0 || openSegment != batch.Segments.Count - 1)
            return false;
        var segment = batch.Segments[openSegment];
        return ReferenceEquals(segment.Record, record) && start >= segment.Start && start <= segment.Start + segment.Length;
    }

    /// <summary>
    /// Grows the open segment to end at record offset <paramref name="end"/> (if further) with its context
    /// after: the codes so far end with the old context, so the bases up to the new end's context are
    /// appended. False when the batch's codes cannot hold them (nothing changed then).
    /// </summary>
    bool GrowOpenSegment(WindowBatch batch, long end)
    {
        var segment = batch.Segments[openSegment];
        long segmentEnd = segment.Start + segment.Length;
        int tail = (int)(segmentEnd + segment.After - bufferStart);
        int newEnd = (int)(Math.Max(end, segmentEnd) - bufferStart);
        int newAfter = Math.Min(Context, bufferLength - newEnd);
        int grow = newEnd + newAfter - tail;
        if (batch.CodesUsed + grow > batch.Codes.Length)
            return false;
        buffer.AsSpan(tail, grow).CopyTo(batch.Codes.AsSpan(batch.CodesUsed));
        batch.CodesUsed += grow;
        batch.Segments[openSegment] = segment with { Length = (int)(newEnd + bufferStart - segment.Start), After = newAfter };
        return true;
    }

    /// <summary>Adds one window; false when the batch has no room for it (nothing changed then).</summary>
    bool Emit(WindowBatch batch, long start, long end)
    {
        int from = (int)(start - bufferStart), to = (int)(end - bufferStart);
        if (UnknownIn(from, to) > maxUnknown)
        {
            skipped++;
            WindowsSkipped++;
            openSegment = -1;
            return true;
        }
        if (batch.IsFull)
            return false;
        // Extend the open segment when this window continues it, else open a new one.
        if (Continues(batch, start) && GrowOpenSegment(batch, end))
        {
            Place(batch, openSegment, start, end);
            return true;
        }
        int before = Math.Min(Context, from), after = Math.Min(Context, bufferLength - to);
        if (batch.CodesUsed + before + (to - from) + after > batch.Codes.Length)
            return batch.Count > 0 ? false
                : throw new InvalidOperationException($"a batch of {batch.Codes.Length} codes cannot hold one window with its context");
        buffer.AsSpan(from - before, before + (to - from) + after).CopyTo(batch.Codes.AsSpan(batch.CodesUsed));
        batch.Segments.Add(new Segment(record!, start, to - from, batch.CodesUsed + before, before, after));
        batch.CodesUsed += before + (to - from) + after;
        openSegment = batch.Segments.Count - 1;
        Place(batch, openSegment, start, end);
        return true;
    }

    void Place(WindowBatch batch, int segment, long start, long end)
    {
        scored++;
        WindowsScored++;
        int slot = batch.Count++;
        batch.SegmentOf[slot] = segment;
        batch.Starts[slot] = start;
        batch.Ends[slot] = end;
    }
}
