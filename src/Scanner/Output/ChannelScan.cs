using System.Globalization;
using System.Text;
using GenomeScan.Formats.Fasta;
using GenomeScan.Formats.Bed;
using GenomeScan.Formats.Motifs;

namespace GenomeScan.Scanner.Output;

/// <summary>One channel of a scan of several motifs or models: its name column, window, cut-off and null.</summary>
internal sealed record ChannelSpec(string Name, int WindowLength, bool PerWindow, float Threshold, IScoreNull? Background, bool Probabilities = false);

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
            // A p-value or score cut-off: the motif's exact null, no pass over the input.
            for (int i = 0; i < motifs.Count; i++)
                thresholds[i] = CutOff.WithoutCounting(request.CutOff, pwms[i], TextWriter.Null);
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
            // Buffered, then flushed: the target's stream stays open for its commit (a BufferedStream would close it).
            var output = new BufferedStream(target.Stream, 1 << 16);
            if (request.Header is not null)
                output.Write(Encoding.UTF8.GetBytes($"{request.Header}\tmodel={headerModel}\n"));
            Merge(files, order, output);
            output.Flush();
            target.Commit();
            return first with { Hits = hits, Seconds = seconds };
        }
        finally
        {
            directory.Delete(true);
        }
    }

    /// <summary>The passes: channels (by index) of one window length and batch layout, at most <see cref="GroupSize"/> each, in order of first appearance.</summary>
    internal static List<int[]> Groups((int WindowLength, bool PerWindow)[] channels) =>
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
                sinks.Add(RegionSink.For(request, writer, specs[i].Name, specs[i].Threshold, specs[i].Background, specs[i].Probabilities));
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

    /// <summary>
    /// A k-way merge of the motifs' (or models') files, each already in (sequence, start, strand) order; ties
    /// in file order. Lines are moved as bytes: each file's next key is read off its line in place.
    /// </summary>
    internal static void Merge(string[] files, Dictionary<string, int> order, Stream output)
    {
        var readers = files.Select(f => new LineReader(f)).ToArray();
        try
        {
            var lookup = order.GetAlternateLookup<ReadOnlySpan<char>>();
            var queue = new PriorityQueue<int, (int Chrom, long Start, int Strand, int File)>(files.Length);
            var last = new (int Chrom, long Start, int Strand)[files.Length];
            bool TryRead(int file, out (int, long, int, int) priority)
            {
                priority = default;
                var reader = readers[file];
                if (!reader.Next())
                    return false;
                var key = reader.Key(lookup, files[file]);
                if (key.CompareTo(last[file]) < 0)
                    throw new InvalidOperationException($"channel {file}'s scan is out of order at '{Encoding.UTF8.GetString(reader.Line)}'");
                last[file] = key;
                priority = (key.Chrom, key.Start, key.Strand, file);
                return true;
            }
            for (int f = 0; f < files.Length; f++)
                if (TryRead(f, out var priority))
                    queue.Enqueue(f, priority);
            while (queue.TryPeek(out int file, out _))
            {
                output.Write(readers[file].Line);
                output.WriteByte((byte)'\n');
                // The file just written from moves to its next line in one sift, or leaves the queue.
                if (TryRead(file, out var priority))
                    queue.DequeueEnqueue(file, priority);
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

    /// <summary>One channel file's lines as bytes, and the sort key of the current one.</summary>
    sealed class LineReader(string path) : IDisposable
    {
        readonly FileStream file = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        byte[] buffer = new byte[1 << 14];
        int start, end, lineEnd;
        // The sequence name of the last key (lines of one sequence come together): looked up once per change.
        byte[] chromBytes = [];
        int chrom;

        public ReadOnlySpan<byte> Line => buffer.AsSpan(start, lineEnd - start);

        /// <summary>Moves to the next line (without its newline); false at the end of the file.</summary>
        public bool Next()
        {
            if (lineEnd < end)
                start = lineEnd + 1;
            else
                start = end;
            while (true)
            {
                int newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    lineEnd = start + newline;
                    return true;
                }
                // Keep the partial line, grow when it fills the buffer, read more.
                int kept = end - start;
                if (kept == buffer.Length)
                    Array.Resize(ref buffer, buffer.Length * 2);
                buffer.AsSpan(start, kept).CopyTo(buffer);
                (start, end) = (0, kept);
                int read = file.Read(buffer, end, buffer.Length - end);
                if (read == 0)
                {
                    if (kept == 0)
                        return false;
                    lineEnd = end;
                    return true;
                }
                end += read;
            }
        }

        public (int Chrom, long Start, int Strand) Key(Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> order, string source)
        {
            var line = Line;
            // The first six fields' bounds: chrom, start, end, name, score, strand.
            Span<Range> fields = stackalloc Range[6];
            int from = 0;
            for (int f = 0; f < 6; f++)
            {
                int tab = line[from..].IndexOf((byte)'\t');
                int to = tab < 0 ? line.Length : from + tab;
                if (tab < 0 && f < 5)
                    throw NotARegion(source);
                fields[f] = from..to;
                from = Math.Min(line.Length, to + 1);
            }
            var name = line[fields[0]];
            if (!name.SequenceEqual(chromBytes))
            {
                var text = Encoding.UTF8.GetString(name);
                if (!order.TryGetValue(text.AsSpan(), out chrom))
                    throw NotARegion(source);
                chromBytes = name.ToArray();
            }
            if (!System.Buffers.Text.Utf8Parser.TryParse(line[fields[1]], out long at, out int consumed) || consumed != line[fields[1]].Length || at < 0)
                throw NotARegion(source);
            var strand = line[fields[5]];
            return (chrom, at, strand.Length == 1 && strand[0] == (byte)'+' ? 0 : strand.Length == 1 && strand[0] == (byte)'-' ? 1 : 2);
        }

        InvalidOperationException NotARegion(string source) => new($"{source}: not a line of a region scan: '{Encoding.UTF8.GetString(Line)}'");

        public void Dispose() => file.Dispose();
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
