using System.Globalization;
using System.Text;
using GenomeScan.Formats.Fasta;
using GenomeScan.Formats.Bed;
using GenomeScan.Formats.Motifs;

namespace GenomeScan.Scanner.Output;

/// <summary>
/// Several motifs of one file (<c>scan --motif COLLECTION</c>). Motifs of one width score the same windows,
/// so each width is one pass over the input: the scorer fills one channel per motif, and each motif has
/// its own sink — its own exact null, cut-off, q-values and regions, as a single-motif scan has — writing a
/// temporary file of the chosen format (at most <see cref="GroupSize"/> motifs a pass). The files are then
/// merged into the output ordered by sequence (input order), start, strand (+ before −), then motif (file
/// order); the name column tells the motifs apart. The result is by construction the single-motif scans
/// merged and sorted (tested byte for byte). The output appears only when every pass succeeded.
/// </summary>
internal static class MotifCollectionScan
{
    /// <summary>The most motifs one pass scores (their sinks and temporary files are open together).</summary>
    public const int GroupSize = 64;

    public static async Task<ScanSummary> RunAsync(ScanRequest request, IReadOnlyList<Motif> motifs, BaseComposition composition,
        Stream stdout, TextWriter log, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var options = request.Options;
        var directory = Directory.CreateTempSubdirectory("genomescan-motifs-");
        try
        {
            var order = new Dictionary<string, int>(StringComparer.Ordinal);
            var files = Enumerable.Range(0, motifs.Count).Select(i => Path.Combine(directory.FullName, i.ToString(CultureInfo.InvariantCulture))).ToArray();
            var groups = Enumerable.Range(0, motifs.Count).GroupBy(i => motifs[i].Length)
                .SelectMany(g => g.Chunk(GroupSize)).ToList();
            ScanSummary? first = null;
            long hits = 0;
            int passes = 0;
            foreach (var group in groups)
            {
                var summary = await ScanGroupAsync(request, [.. group.Select(i => motifs[i])], [.. group.Select(i => files[i])], composition,
                    first is null ? order : null, cancellationToken).ConfigureAwait(false);
                first ??= summary;
                hits += summary.Hits;
                log.WriteLine($"scan: {group.Length:N0} motifs of {motifs[group[0]].Length} bp in one pass, {summary.Hits:N0} hits ({++passes} of {groups.Count} passes, {clock.Elapsed.TotalSeconds:F1} s)");
            }
            double seconds = clock.Elapsed.TotalSeconds;
            log.WriteLine($"scan: {motifs.Count:N0} motifs of {request.MotifPath} scanned in {groups.Count} passes, {hits:N0} hits, {seconds:F1} s ({motifs.Count * first!.Bases / 1e6 / Math.Max(seconds, 1e-9):F2} Mbp/s of motif scans)");
            using var target = OutputTarget.Open(request.Output, stdout);
            using (var writer = new StreamWriter(target.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" })
            {
                if (request.Header is not null)
                    writer.WriteLine($"{request.Header}\tmodel={request.MotifPath}\tmotifs={motifs.Count}");
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

    /// <summary>One pass for motifs of one width: each motif's cut-off and sink, one scorer channel each.</summary>
    static async Task<ScanSummary> ScanGroupAsync(ScanRequest request, Motif[] motifs, string[] files, BaseComposition composition,
        Dictionary<string, int>? order, CancellationToken cancellationToken)
    {
        var options = request.Options;
        ISequenceSource Source() => SequenceSources.Open(request.Inputs, options.Regions, motifs[0].Length, options.ChunkSize);
        var pwms = motifs.Select(m => new PwmScoreNull(m, composition)).ToArray();
        var streams = new List<FileStream>();
        var writers = new List<BedWriter>();
        var sinks = new List<RegionSink>();
        try
        {
            for (int i = 0; i < motifs.Length; i++)
            {
                // A p-value or score cut-off is the motif's exact null; a q-value one counts the motif's scores first.
                using var single = ScorerFactory.ForMotif(pwms[i]);
                float threshold = await CutOff.ScoreAsync(request.CutOff, pwms[i], Source, request.Inputs, single, options, TextWriter.Null, cancellationToken).ConfigureAwait(false);
                var stream = new FileStream(files[i], FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                streams.Add(stream);
                var writer = new BedWriter(stream);
                writers.Add(writer);
                sinks.Add(new RegionSink(request.Format, motifs[i].Name, threshold, options.Merge, options.Strands, writer, pwms[i],
                    options.ParseCoordinates, request.CutOff.ExactQBelow, pwms[i].BedScore));
            }
            using var scorers = ScorerFactory.ForMotifs(pwms);
            IScanSink[] targets = [.. sinks];
            if (order is not null)
                targets[0] = new RecordOrder(targets[0], order, options.ParseCoordinates);
            var summary = await ScanPipeline.RunAsync(Source(), scorers, targets, options with { Progress = false }, TextWriter.Null, cancellationToken).ConfigureAwait(false);
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

    /// <summary>A k-way merge of the motifs' files, each already in (sequence, start, strand) order.</summary>
    static void Merge(string[] files, Dictionary<string, int> order, TextWriter output)
    {
        var readers = files.Select(f => new StreamReader(f, Encoding.UTF8, false, 1 << 14)).ToArray();
        try
        {
            var queue = new PriorityQueue<(int File, string Line), (int Chrom, long Start, int Strand, int File)>();
            var last = new (int, long, int)[files.Length];
            void Next(int file)
            {
                var line = readers[file].ReadLine();
                if (line is null)
                    return;
                var key = Key(line, order, files[file]);
                if (key.CompareTo(last[file]) < 0)
                    throw new InvalidOperationException($"motif {file}'s scan is out of order at '{line}'");
                last[file] = key;
                queue.Enqueue((file, line), (key.Chrom, key.Start, key.Strand, file));
            }
            for (int f = 0; f < files.Length; f++)
                Next(f);
            while (queue.TryDequeue(out var item, out _))
            {
                output.WriteLine(item.Line);
                Next(item.File);
            }
        }
        finally
        {
            foreach (var reader in readers)
                reader.Dispose();
        }
    }

    static (int Chrom, long Start, int Strand) Key(string line, Dictionary<string, int> order, string file)
    {
        var fields = line.Split('\t', 7);
        if (fields.Length < 6 || !order.TryGetValue(fields[0], out int chrom) || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out long start))
            throw new InvalidOperationException($"{file}: not a line of a region scan: '{line}'");
        return (chrom, start, fields[5] switch { "+" => 0, "-" => 1, _ => 2 });
    }

    /// <summary>Notes the order in which the scan reports sequences (a region's parent counts once), and passes everything on.</summary>
    sealed class RecordOrder(IScanSink inner, Dictionary<string, int> order, bool parseCoordinates) : IScanSink
    {
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
