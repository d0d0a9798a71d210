using System.Diagnostics;
using System.Threading.Channels;
using GenomeScan.Formats.Fasta;

namespace GenomeScan.Scanner;

/// <summary>What a scan did, for the summary line.</summary>
public sealed record ScanSummary(int Records, long Bases, long WindowsScored, long WindowsSkipped, long EmptyRecords, long Hits, double Seconds)
{
    /// <summary>The summary line scan prints on stderr.</summary>
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
internal static class ScanPipeline
{
    /// <summary>Scans FASTA inputs (or only <see cref="ScanOptions.Regions"/> of them) into the sink.</summary>
    public static Task<ScanSummary> RunAsync(IReadOnlyList<string> inputs, ScorerFactory scorers,
        IScanSink sink, ScanOptions options, TextWriter log, CancellationToken cancellationToken = default) =>
        RunAsync(SequenceSources.Open(inputs, options.Regions, scorers.WindowLength, options.ChunkSize), scorers, sink, options, log, cancellationToken);

    public static Task<ScanSummary> RunAsync(ISequenceSource source, ScorerFactory scorers,
        IScanSink sink, ScanOptions options, TextWriter log, CancellationToken cancellationToken = default) =>
        RunAsync(source, scorers, [sink], options, log, cancellationToken);

    /// <summary>The scan into one sink per channel of <paramref name="scorers"/> (several motifs of one width: one pass for all).</summary>
    public static async Task<ScanSummary> RunAsync(ISequenceSource source, ScorerFactory scorers,
        IReadOnlyList<IScanSink> sinks, ScanOptions options, TextWriter log, CancellationToken cancellationToken = default)
    {
        if (sinks.Count != scorers.Channels)
            throw new ArgumentException($"{scorers.Channels} channels need as many sinks, not {sinks.Count}", nameof(sinks));
        int windowLength = scorers.WindowLength;
        var clock = Stopwatch.StartNew();
        using var failure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = failure.Token;
        int poolSize = options.Threads * 2 + 2;
        var pool = Channel.CreateBounded<WindowBatch>(poolSize);
        // When every sink needs only the windows above a level, a scorer that can reports just those.
        float[]? reportAbove = sinks.All(s => s is IReportedWindowSink { ReportAbove: not null })
            ? [.. sinks.Select(s => ((IReportedWindowSink)s).ReportAbove!.Value)] : null;
        for (int i = 0; i < poolSize; i++)
            pool.Writer.TryWrite(new WindowBatch(options.WindowCapacity(scorers), windowLength, options.CodeCapacity(scorers), scorers.Channels) { ReportAbove = reportAbove });
        var work = Channel.CreateUnbounded<WindowBatch>(new UnboundedChannelOptions { SingleWriter = true });
        var ordered = Channel.CreateUnbounded<WindowBatch>(new UnboundedChannelOptions { SingleWriter = true, SingleReader = true });
        var slicer = new WindowSlicer(windowLength, options.Stride, options.MaxUnknown, options.ChunkSize);

        var producer = Task.Run(() => ProduceAsync(source, slicer, pool, work, ordered, token), token);
        var workers = Enumerable.Range(0, options.Threads)
            .Select(_ => Task.Run(() => ScoreAsync(scorers, options.Strands, work, failure), token)).ToArray();
        using var reporter = options.Progress ? new Timer(_ => Report(source, log, clock.Elapsed.TotalSeconds), null, 1000, 1000) : null;

        long hits;
        try
        {
            hits = await WriteAsync(sinks, pool, ordered, log, token).ConfigureAwait(false);
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
        return new ScanSummary(source.Records, source.Bases, slicer.WindowsScored, slicer.WindowsSkipped, slicer.EmptyRecords, hits, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The one producer loop: the source's chunks → the slicer → batches, sent to the workers and, in order, to the writer.</summary>
    static async Task ProduceAsync(ISequenceSource source, WindowSlicer slicer,
        Channel<WindowBatch> pool, Channel<WindowBatch> work, Channel<WindowBatch> ordered, CancellationToken token)
    {
        try
        {
            var batch = await pool.Reader.ReadAsync(token).ConfigureAwait(false);
            await foreach (var (chunk, region) in source.ReadAsync(token).ConfigureAwait(false))
            {
                slicer.Add(chunk, region);
                while (slicer.Fill(batch))
                {
                    Send(batch);
                    batch = await pool.Reader.ReadAsync(token).ConfigureAwait(false);
                }
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

    static async Task<long> WriteAsync(IReadOnlyList<IScanSink> sinks, Channel<WindowBatch> pool, Channel<WindowBatch> ordered, TextWriter log, CancellationToken token)
    {
        FastaRecord? current = null;
        var cursors = new int[sinks.Count];
        await foreach (var batch in ordered.Reader.ReadAllAsync(token).ConfigureAwait(false))
        {
            await batch.Scored.WaitAsync(token).ConfigureAwait(false);
            Array.Clear(cursors);
            // Segment by segment: a segment's windows are consecutive and of one record.
            for (int w = 0; w < batch.Count;)
            {
                int segment = batch.SegmentOf[w], end = batch.SegmentEnd(w);
                var record = batch.Segments[segment].Record;
                if (!ReferenceEquals(record, current))
                {
                    if (current is not null)
                        EndRecord(sinks);
                    current = record;
                    foreach (var sink in sinks)
                        sink.BeginRecord(record);
                }
                if (batch.IsSparse)
                    for (int c = 0; c < sinks.Count; c++)
                    {
                        var reported = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(batch.Reported[c]);
                        int from = cursors[c], to = from;
                        while (to < reported.Length && reported[to].Window < end)
                            to++;
                        cursors[c] = to;
                        ((IReportedWindowSink)sinks[c]).AddReported(batch.Starts.AsSpan(w, end - w), batch.Ends.AsSpan(w, end - w), reported[from..to], w);
                    }
                else
                    for (int c = 0; c < sinks.Count; c++)
                        sinks[c].AddRange(batch.Starts.AsSpan(w, end - w), batch.Ends.AsSpan(w, end - w),
                            batch.Plus.AsSpan(c * batch.Capacity + w, end - w), batch.Minus.AsSpan(c * batch.Capacity + w, end - w));
                w = end;
            }
            foreach (var finished in batch.FinishedRecords)
                WarnIfNotDna(finished, log);
            foreach (var finished in batch.FinishedRecords)
                if (ReferenceEquals(finished.Record, current))
                {
                    EndRecord(sinks);
                    current = null;
                }
            batch.Reset();
            pool.Writer.TryWrite(batch);
        }
        if (current is not null)
            EndRecord(sinks);
        foreach (var sink in sinks)
            sink.Finish();
        return sinks.Sum(s => s.Hits);
    }

    /// <summary>
    /// A record of almost nothing but unknown bases (protein written in IUPAC letters, a masked or gap-only
    /// sequence) is scanned as it is, but said: its windows are skipped or score nothing.
    /// </summary>
    static void WarnIfNotDna(RecordTally tally, TextWriter log)
    {
        if (tally.Bases >= 20 && tally.Unknown > 0.9 * tally.Bases)
            log.WriteLine($"scan: record {tally.Record.Name}: {tally.Unknown * 100.0 / tally.Bases:F0}% of its {tally.Bases:N0} bases are N or IUPAC codes (protein, or a masked or gap-only sequence?)");
    }

    static void EndRecord(IReadOnlyList<IScanSink> sinks)
    {
        foreach (var sink in sinks)
            sink.EndRecord();
    }

    static void Report(ISequenceSource source, TextWriter log, double seconds)
    {
        long bases = source.Bases;
        double mbps = bases / 1e6 / Math.Max(seconds, 1e-9);
        var line = $"\r\x1b[Kscan: {bases / 1e6:F1} Mbp, {mbps:F2} Mbp/s";
        if (source.Fraction is { } fraction)
        {
            double eta = fraction > 0 ? seconds * (1 - fraction) / fraction : 0;
            line += $", {fraction * 100:F0}%, ETA {TimeSpan.FromSeconds(Math.Round(eta)):g}";
        }
        lock (log)
            log.Write(line);
    }
}
