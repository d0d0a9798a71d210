using System.Diagnostics;
using System.Threading.Channels;
using GenomeScan.Formats;
using GenomeScan.Formats.Fasta;

namespace GenomeScan.Scanner;

/// <summary>What a scan did, for the summary line.</summary>
public sealed record ScanSummary(int Records, long Bases, long WindowsScored, long WindowsSkipped, long EmptyRecords, long Hits, double Seconds)
{
    public string ToLine(int maxUnknown, Strands strands)
    {
        int perWindow = strands == Strands.Both ? 2 : 1;
        double mbps = Bases / 1e6 / Math.Max(Seconds, 1e-9);
        return $"scan: {Records:N0} records, {Bases:N0} bases, {WindowsScored:N0} windows scored ({WindowsScored * perWindow:N0} strand scores), "
            + $"{WindowsSkipped:N0} windows skipped (more than {maxUnknown} unknown bases), {EmptyRecords:N0} empty records, "
            + $"{Hits:N0} hits, {Seconds:F1} s ({mbps:F2} Mbp/s)";
    }
}

/// <summary>
/// The scan: FASTA bytes → chunks → windows → batches scored on worker threads → hits → BED, in input order.
/// One task reads and cuts windows into pooled batches; each batch goes both to the workers (any order)
/// and to the writer (input order), which waits for its scores. The pool's size bounds the memory in
/// flight and gives back-pressure; the output is the same whatever the thread count or batch size.
/// </summary>
public static class ScanPipeline
{
    public static async Task<ScanSummary> RunAsync(IReadOnlyList<string> inputs, ScorerFactory scorers,
        IScanSink sink, ScanOptions options, TextWriter log, CancellationToken cancellationToken = default)
    {
        int windowLength = scorers.WindowLength;
        var clock = Stopwatch.StartNew();
        using var failure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = failure.Token;
        int poolSize = options.Threads * 2 + 2;
        var pool = Channel.CreateBounded<WindowBatch>(poolSize);
        for (int i = 0; i < poolSize; i++)
            pool.Writer.TryWrite(new WindowBatch(options.WindowCapacity(scorers), windowLength, options.CodeCapacity(scorers)));
        var work = Channel.CreateUnbounded<WindowBatch>(new UnboundedChannelOptions { SingleWriter = true });
        var ordered = Channel.CreateUnbounded<WindowBatch>(new UnboundedChannelOptions { SingleWriter = true, SingleReader = true });
        var slicer = new WindowSlicer(windowLength, options.Stride, options.MaxUnknown, options.ChunkSize);
        var progress = new ProgressState();

        var producer = Task.Run(() => ProduceAsync(inputs, slicer, options, pool, work, ordered, progress, token), token);
        var workers = Enumerable.Range(0, options.Threads)
            .Select(_ => Task.Run(() => ScoreAsync(scorers, options.Strands, work, failure), token)).ToArray();
        using var reporter = options.Progress ? new Timer(_ => progress.Report(log, clock.Elapsed.TotalSeconds), null, 1000, 1000) : null;

        long hits;
        try
        {
            hits = await WriteAsync(sink, pool, ordered, token).ConfigureAwait(false);
            await producer.ConfigureAwait(false);
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        catch
        {
            failure.Cancel();
            // The first real failure wins over the cancellations it caused.
            var tasks = workers.Prepend(producer).ToArray();
            try
            {
                await Task.WhenAll(tasks).ConfigureAwait(false);
            }
            catch
            {
                var cause = tasks.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).FirstOrDefault();
                if (cause is not null)
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);
            }
            throw;
        }
        if (options.Progress)
            log.Write("\r\x1b[K");
        return new ScanSummary(progress.Records, progress.Bases, slicer.WindowsScored, slicer.WindowsSkipped, slicer.EmptyRecords, hits, clock.Elapsed.TotalSeconds);
    }

    static async Task ProduceAsync(IReadOnlyList<string> inputs, WindowSlicer slicer, ScanOptions options,
        Channel<WindowBatch> pool, Channel<WindowBatch> work, Channel<WindowBatch> ordered, ProgressState progress, CancellationToken token)
    {
        try
        {
            var batch = await pool.Reader.ReadAsync(token).ConfigureAwait(false);
            foreach (var input in inputs)
            {
                if (options.Regions is { Count: > 0 } regions)
                {
                    var indexed = IndexedFasta.Open(input);
                    int index = 0;
                    long bases = 0;
                    foreach (var region in regions)
                    {
                        var entry = indexed.Entry(region.Chrom);
                        long from = region.Start, to = Math.Min(region.End ?? entry.Length, entry.Length);
                        if (from >= entry.Length && entry.Length > 0)
                            throw new InputException($"{input}: region {region} starts beyond the end of {entry.Name} ({entry.Length:N0} bp)");
                        // Read on past the last window start to its window's end, and the segments' context on both sides.
                        long readTo = Math.Min(entry.Length, to + slicer.WindowLength - 1 + ScanOptions.ContextBases);
                        long readFrom = Math.Max(0, from - ScanOptions.ContextBases);
                        var record = new FastaRecord(index++, entry.Name, 0);
                        foreach (var chunk in indexed.ReadChunks(record, entry, readFrom, readTo, options.ChunkSize, (from, to)))
                        {
                            slicer.Add(chunk);
                            while (slicer.Fill(batch))
                            {
                                Send(batch);
                                batch = await pool.Reader.ReadAsync(token).ConfigureAwait(false);
                            }
                        }
                        bases += Math.Min(entry.Length, to + slicer.WindowLength - 1) - from;
                        progress.Update(bases, index);
                    }
                    progress.Finish(bases, index);
                    continue;
                }
                var (stream, raw) = InputStreams.Open(input);
                progress.Start(raw, InputStreams.SizeOf(input));
                await using var reader = new FastaReader(stream, input, options.ChunkSize);
                await foreach (var chunk in reader.ReadChunksAsync(token).ConfigureAwait(false))
                {
                    slicer.Add(chunk);
                    while (slicer.Fill(batch))
                    {
                        Send(batch);
                        batch = await pool.Reader.ReadAsync(token).ConfigureAwait(false);
                    }
                    progress.Update(reader.Bases, reader.Records);
                }
                progress.Finish(reader.Bases, reader.Records);
            }
            Send(batch);
            work.Writer.Complete();
            ordered.Writer.Complete();
        }
        catch (Exception e)
        {
            work.Writer.TryComplete(e);
            ordered.Writer.TryComplete(e);
            throw;
        }

        void Send(WindowBatch b)
        {
            ordered.Writer.TryWrite(b);
            work.Writer.TryWrite(b);
        }
    }

    static async Task ScoreAsync(ScorerFactory scorers, Strands strands, Channel<WindowBatch> work, CancellationTokenSource failure)
    {
        IWindowScorer? scorer = null;
        try
        {
            scorer = scorers.Create();
            await foreach (var batch in work.Reader.ReadAllAsync(failure.Token).ConfigureAwait(false))
            {
                if (batch.Count > 0)
                    scorer.Score(batch, strands);
                batch.Scored.Release();
            }
        }
        catch (ChannelClosedException)
        {
            // The producer failed; it reports why.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The writer waits on this batch's scores: stop everything, and let RunAsync report this failure.
            failure.Cancel();
            throw;
        }
        finally
        {
            (scorer as IDisposable)?.Dispose();
        }
    }

    static async Task<long> WriteAsync(IScanSink sink, Channel<WindowBatch> pool, Channel<WindowBatch> ordered, CancellationToken token)
    {
        FastaRecord? current = null;
        await foreach (var batch in ordered.Reader.ReadAllAsync(token).ConfigureAwait(false))
        {
            await batch.Scored.WaitAsync(token).ConfigureAwait(false);
            // Segment by segment: a segment's windows are consecutive and of one record.
            for (int w = 0; w < batch.Count;)
            {
                int segment = batch.SegmentOf[w], end = w + 1;
                while (end < batch.Count && batch.SegmentOf[end] == segment)
                    end++;
                var record = batch.Segments[segment].Record;
                if (!ReferenceEquals(record, current))
                {
                    if (current is not null)
                        sink.EndRecord();
                    current = record;
                    sink.BeginRecord(record);
                }
                sink.AddRange(batch.Starts.AsSpan(w, end - w), batch.Ends.AsSpan(w, end - w), batch.Plus.AsSpan(w, end - w), batch.Minus.AsSpan(w, end - w));
                w = end;
            }
            foreach (var finished in batch.FinishedRecords)
                if (ReferenceEquals(finished.Record, current))
                {
                    sink.EndRecord();
                    current = null;
                }
            batch.Reset();
            pool.Writer.TryWrite(batch);
        }
        if (current is not null)
            sink.EndRecord();
        sink.Finish();
        return sink.Hits;
    }

    /// <summary>Bases and records read, and the raw input position, shared with the progress timer.</summary>
    sealed class ProgressState
    {
        long basesDone, basesCurrent;
        int recordsDone, recordsCurrent;
        CountingStream? raw;
        long? size;

        public long Bases => Interlocked.Read(ref basesDone) + Interlocked.Read(ref basesCurrent);
        public int Records => recordsDone + recordsCurrent;

        public void Start(CountingStream stream, long? inputSize)
        {
            raw = stream;
            size = inputSize;
        }

        public void Update(long bases, int records)
        {
            Interlocked.Exchange(ref basesCurrent, bases);
            recordsCurrent = records;
        }

        public void Finish(long bases, int records)
        {
            Interlocked.Add(ref basesDone, bases);
            Interlocked.Exchange(ref basesCurrent, 0);
            recordsDone += records;
            recordsCurrent = 0;
        }

        public void Report(TextWriter log, double seconds)
        {
            double mbps = Bases / 1e6 / Math.Max(seconds, 1e-9);
            var line = $"\r\x1b[Kscan: {Bases / 1e6:F1} Mbp, {mbps:F2} Mbp/s";
            if (raw is not null && size is > 0)
            {
                double fraction = Math.Clamp(raw.BytesRead / (double)size.Value, 0, 1);
                double eta = fraction > 0 ? seconds * (1 - fraction) / fraction : 0;
                line += $", {fraction * 100:F0}%, ETA {TimeSpan.FromSeconds(Math.Round(eta)):g}";
            }
            lock (log)
                log.Write(line);
        }
    }
}
