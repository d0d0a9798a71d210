using System.Globalization;
using System.Text;
using GenomeScan.Formats.Fasta;
using GenomeScan.Formats.Bed;
using GenomeScan.Formats.Motifs;

namespace GenomeScan.Scanner.Output;

/// <summary>One channel of a scan of several motifs or models: its name column, window, cut-off and null.</summary>
internal sealed record ChannelSpec(string Name, int WindowLength, bool PerWindow, float Threshold, IScoreNull? Background);

/// <summary>
/// Several motifs of one file (<c>scan --motif COLLECTION</c>) or several models (<c>scan --model A --model
/// B</c>). Channels of one window length score the same windows, so each length is one pass over the input:
/// the scorer fills one channel per motif or model, and each has its own sink — its own null, cut-off,
/// q-values and regions, as a scan of it alone has — writing a temporary file of the chosen format (at most
/// <see cref="GroupSize"/> channels a pass). The files are then merged into the output ordered by sequence
/// (input order), start, strand (+ before −), then channel (given order); the name column tells them
/// apart. The result is by construction the single scans merged and sorted (tested byte for byte). The
/// output appears only when every pass succeeded.
/// </summary>
internal static class ChannelScan
{
    /// <summary>The most channels one pass scores (their sinks and temporary files are open together).</summary>
    public const int GroupSize = 64;

    /// <summary>Every motif against the composition: its exact null and cut-off, then the channel scan.</summary>
    public static async Task<ScanSummary> ScanMotifsAsync(ScanRequest request, IReadOnlyList<Motif> motifs, BaseComposition composition,
        Stream stdout, TextWriter log, CancellationToken cancellationToken)
    {
        var options = request.Options;
        var pwms = motifs.Select(m => new PwmScoreNull(m, composition)).ToArray();
        var thresholds = new float[motifs.Count];
        if (request.CutOff.QValue is not null && request.CutOff.Threshold is null)
        {
            // A q-value cut-off counts every motif's scores first: one counting pass per group of one width, as the scan goes.
            foreach (var group in Groups([.. motifs.Select(m => (m.Length, false))]))
            {
                using var scorers = ScorerFactory.ForMotifs([.. group.Select(i => pwms[i])]);
                var width = motifs[group[0]].Length;
                var cuts = await CutOff.QValueCutsAsync(request.CutOff, [.. group.Select(i => pwms[i])],
                    () => SequenceSources.Open(request.Inputs, options.Regions, width, options.ChunkSize), scorers, options, TextWriter.Null, cancellationToken).ConfigureAwait(false);
                for (int k = 0; k < group.Length; k++)
                    thresholds[group[k]] = cuts[k];
            }
        }
        else
            for (int i = 0; i < motifs.Count; i++)
            {
                // A p-value or score cut-off: the motif's exact null, no pass over the input.
                using var single = ScorerFactory.ForMotif(pwms[i]);
                thresholds[i] = await CutOff.ScoreAsync(request.CutOff, pwms[i], () => throw new InvalidOperationException("a p-value cut-off reads no input"),
                    request.Inputs, single, options, TextWriter.Null, cancellationToken).ConfigureAwait(false);
            }
        var specs = motifs.Select((m, i) => new ChannelSpec(m.Name, m.Length, false, thresholds[i], pwms[i])).ToArray();
        return await ScanChannelsAsync(request, specs, group => ScorerFactory.ForMotifs([.. group.Select(i => pwms[i])]), $"{request.MotifPath}\tmotifs={motifs.Count}",
            "motifs", stdout, log, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The channels grouped by window length into passes; <paramref name="factory"/> makes a pass's scorers
    /// (channel c of the pass = the group's c-th spec) and is disposed after it.
    /// </summary>
    public static async Task<ScanSummary> ScanChannelsAsync(ScanRequest request, IReadOnlyList<ChannelSpec> specs, Func<int[], ScorerFactory> factory,
        string headerModel, string what, Stream stdout, TextWriter log, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var directory = Directory.CreateTempSubdirectory("genomescan-channels-");
        try
        {
            var order = new Dictionary<string, int>(StringComparer.Ordinal);
            var files = Enumerable.Range(0, specs.Count).Select(i => Path.Combine(directory.FullName, i.ToString(CultureInfo.InvariantCulture))).ToArray();
            var groups = Groups([.. specs.Select(s => (s.WindowLength, s.PerWindow))]);
            ScanSummary? first = null;
            long hits = 0;
            int passes = 0;
            foreach (var group in groups)
            {
                using var scorers = factory(group);
                var summary = await ScanGroupAsync(request, [.. group.Select(i => specs[i])], [.. group.Select(i => files[i])], scorers,
                    first is null ? order : null, cancellationToken).ConfigureAwait(false);
                first ??= summary;
                hits += summary.Hits;
                log.WriteLine($"scan: {group.Length:N0} {what} of {specs[group[0]].WindowLength}-bp windows in one pass, {summary.Hits:N0} hits ({++passes} of {groups.Count} passes, {clock.Elapsed.TotalSeconds:F1} s)");
            }
            double seconds = clock.Elapsed.TotalSeconds;
            log.WriteLine($"scan: {specs.Count:N0} {what} scanned in {groups.Count} passes, {hits:N0} hits, {seconds:F1} s ({specs.Count * first!.Bases / 1e6 / Math.Max(seconds, 1e-9):F2} Mbp/s of single scans)");
            using var target = OutputTarget.Open(request.Output, stdout);
            using (var writer = new StreamWriter(target.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" })
            {
                if (request.Header is not null)
                    writer.WriteLine($"{request.Header}\tmodel={headerModel}");
                Merge(files, order, writer);
            }
            target.Commit();
            return first with { Hits = hits, Seconds = seconds };
        }
        finally
        {
            directory.Delete(true);
        }
    }

    /// <summary>The passes: channels (by index) of one window length and batch layout, at most <see cref="GroupSize"/> each, in order of first appearance.</summary>
    static List<int[]> Groups((int WindowLength, bool PerWindow)[] channels) =>
        [.. Enumerable.Range(0, channels.Length).GroupBy(i => channels[i]).SelectMany(g => g.Chunk(GroupSize))];

    /// <summary>One pass for channels of one window length: a sink each, writing its own file.</summary>
    static async Task<ScanSummary> ScanGroupAsync(ScanRequest request, ChannelSpec[] specs, string[] files, ScorerFactory scorers,
        Dictionary<string, int>? order, CancellationToken cancellationToken)
    {
        var options = request.Options;
        var streams = new List<FileStream>();
        var writers = new List<BedWriter>();
        var sinks = new List<RegionSink>();
        try
        {
            for (int i = 0; i < specs.Length; i++)
            {
                var stream = new FileStream(files[i], FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                streams.Add(stream);
                var writer = new BedWriter(stream);
                writers.Add(writer);
                sinks.Add(RegionSink.For(request, writer, specs[i].Name, specs[i].Threshold, specs[i].Background, null));
            }
            IScanSink[] targets = [.. sinks];
            if (order is not null)
                targets[0] = new RecordOrder(targets[0], order, options.ParseCoordinates);
            var source = SequenceSources.Open(request.Inputs, options.Regions, specs[0].WindowLength, options.ChunkSize);
            var summary = await ScanPipeline.RunAsync(source, scorers, targets, options with { Progress = false }, TextWriter.Null, cancellationToken).ConfigureAwait(false);
            foreach (var writer in writers)
                writer.Dispose();
            return summary;
        }
        finally
        {
            foreach (var sink in sinks)
                sink.Dispose();
            foreach (var stream in streams)
                await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A k-way merge of the motifs' (or models') files, each already in (sequence, start, strand) order; ties in file order.</summary>
    internal static void Merge(string[] files, Dictionary<string, int> order, TextWriter output)
    {
        var readers = files.Select(f => new StreamReader(f, Encoding.UTF8, false, 1 << 14)).ToArray();
        try
        {
            var lookup = order.GetAlternateLookup<ReadOnlySpan<char>>();
            var queue = new PriorityQueue<(int File, string Line), (int Chrom, long Start, int Strand, int File)>();
            var last = new (int, long, int)[files.Length];
            bool TryRead(int file, out string line, out (int, long, int, int) priority)
            {
                line = readers[file].ReadLine()!;
                priority = default;
                if (line is null)
                    return false;
                var key = Key(line, lookup, files[file]);
                if (key.CompareTo(last[file]) < 0)
                    throw new InvalidOperationException($"channel {file}'s scan is out of order at '{line}'");
                last[file] = key;
                priority = (key.Chrom, key.Start, key.Strand, file);
                return true;
            }
            for (int f = 0; f < files.Length; f++)
                if (TryRead(f, out var line, out var priority))
                    queue.Enqueue((f, line), priority);
            while (queue.TryPeek(out var item, out _))
            {
                output.WriteLine(item.Line);
                // The file just written from moves to its next line in one sift, or leaves the queue.
                if (TryRead(item.File, out var line, out var priority))
                    queue.DequeueEnqueue((item.File, line), priority);
                else
                    queue.Dequeue();
            }
        }
        finally
        {
            foreach (var reader in readers)
                reader.Dispose();
        }
    }

    /// <summary>A region line's sort key: its sequence's place in the scan, start, strand (+, −, none); read off the line without splitting it.</summary>
    static (int Chrom, long Start, int Strand) Key(string line, Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> order, string file)
    {
        var rest = line.AsSpan();
        Span<Range> fields = stackalloc Range[7];
        int count = rest.Split(fields, '\t');
        if (count < 6 || !order.TryGetValue(rest[fields[0]], out int chrom)
            || !long.TryParse(rest[fields[1]], NumberStyles.None, CultureInfo.InvariantCulture, out long start))
            throw new InvalidOperationException($"{file}: not a line of a region scan: '{line}'");
        return (chrom, start, rest[fields[5]] switch { "+" => 0, "-" => 1, _ => 2 });
    }

    /// <summary>Notes the order in which the scan reports sequences (a region's parent counts once), and passes everything on.</summary>
    internal sealed class RecordOrder(IScanSink inner, Dictionary<string, int> order, bool parseCoordinates) : IScanSink, IReportedWindowSink
    {
        public float? ReportAbove => (inner as IReportedWindowSink)?.ReportAbove;

        public void AddReported(ReadOnlySpan<long> starts, ReadOnlySpan<long> ends, ReadOnlySpan<ReportedWindow> reported, int firstWindow) =>
            ((IReportedWindowSink)inner).AddReported(starts, ends, reported, firstWindow);

        public long Hits => inner.Hits;

        public void BeginRecord(FastaRecord record)
        {
            order.TryAdd(ReportedName.Of(record, parseCoordinates).Chrom, order.Count);
            inner.BeginRecord(record);
        }

        public void Add(long start, long end, float plus, float minus) => inner.Add(start, end, plus, minus);

        public void AddRange(ReadOnlySpan<long> starts, ReadOnlySpan<long> ends, ReadOnlySpan<float> plus, ReadOnlySpan<float> minus) =>
            inner.AddRange(starts, ends, plus, minus);

        public void EndRecord() => inner.EndRecord();

        public void Finish() => inner.Finish();
    }
}
